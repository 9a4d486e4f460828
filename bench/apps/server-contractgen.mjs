// contractgen's generated Petstore server (compiled by the bench), on createListener.
// argv[2] = the compiled server module; see contractgen-app.mjs for the environment it reads.
import { startContractgen } from './contractgen-app.mjs';
import { announce } from './pet-data.mjs';

const server = await startContractgen(process.argv[2]);
announce(server.url, () => server.close());
