import { packageBuildConfig } from '../../tsup.base.js';

export default packageBuildConfig;
