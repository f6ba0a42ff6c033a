import type { Options } from 'tsup';
import { packageBuildConfig } from '../../tsup.base.js';

/** The library as every package builds it, plus the `billbridge` bin (dist/cli/main.js, shebang kept). */
const config: Options = { ...(packageBuildConfig as Options), entry: ['src/index.ts', 'src/cli/main.ts'] };

export default config;
