// The Pipewright language server: `node extension/dist/server.js --stdio` (also --node-ipc,
// --socket=PORT or --pipe=NAME), for VS Code and any other LSP editor.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { listen } from './connection.ts';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket=', '--pipe='];

if (!process.argv.slice(2).some((arg) => TRANSPORTS.some((t) => arg === t || (t.endsWith('=') && arg.startsWith(t))))) {
  process.stderr.write('Usage: node server.js --stdio | --node-ipc | --socket=PORT | --pipe=NAME\nThe Pipewright language server for pipewright.yaml; an editor starts it.\n');
  process.exit(2);
}

// A bug must show up in the editor's log, not end the server mid-session.
process.on('uncaughtException', (error) => process.stderr.write(`pipewright language server: ${error.stack ?? String(error)}\n`));

listen(createConnection(ProposedFeatures.all));
