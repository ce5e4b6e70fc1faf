/** Process entry of the admin CLI: runs one command and exits with its status. */
import { runCli } from './atrium.ts';

const { code, out } = await runCli(process.argv.slice(2), process.env);
(code === 0 ? console.log : console.error)(out);
process.exit(code);
