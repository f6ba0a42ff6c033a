import { defineConfig } from 'tsup';
import { packageBuildConfig } from '../../tsup.base.js';

// ESM only: the conformance suite imports vitest, which cannot be loaded from CommonJS.
export default defineConfig({ ...packageBuildConfig, format: ['esm'] });
