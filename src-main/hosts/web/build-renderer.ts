// `npm run build:node` runs this after building the Node doors, so an install prepared by its
// owner has the web UI built too and users who cannot write the install never need to build.
import { repoRoot } from '../../engine/index';
import { ensureRenderer } from './ensure-renderer';

const dir = await ensureRenderer(repoRoot());
process.stderr.write(`alveo: the web UI is built in ${dir}\n`);
