// Preloaded into every Node test process (`--import`): the PowerShell and shell parsers load before
// any test module runs, as the language server and the CLI load them before their first analysis.
import { loadCodeParsers } from '../server/src/code/load.js';

await loadCodeParsers();
