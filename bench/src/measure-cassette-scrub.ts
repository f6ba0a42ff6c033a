/**
 * CPU time of `scrubCassette` (`@billbridge/testing`: what record mode runs on every cassette it
 * writes) over every committed cassette, with a Stripe key, a webhook secret and a Chargebee site
 * to remove, per cassette.
 *
 *   cd bench && npx tsx src/measure-cassette-scrub.ts [rounds]
 *
 * Five timed sets of `rounds` passes after one untimed pass; prints each set's CPU ms and the
 * fastest set's µs per cassette.
 */
import { type Cassette, readCassette, scrubCassette } from '../../packages/testing/src/index.js';
import { listCassettes } from '../../test/schemas/list-cassettes.js';

const cassettes: Cassette[] = listCassettes().map((file) => readCassette(file));
const options = {
  secrets: ['sk_test_billbridgeMeasureScrub', 'whsec_billbridgeMeasureScrub'],
  site: 'billbridge-record-test',
};
const rounds = Number(process.argv[2] ?? 20);
let written = 0;
for (const cassette of cassettes) written += JSON.stringify(scrubCassette(cassette, options)).length;
const sets: number[] = [];
for (let set = 0; set < 5; set++) {
  const started = process.cpuUsage();
  for (let round = 0; round < rounds; round++)
    for (const cassette of cassettes) written += JSON.stringify(scrubCassette(cassette, options)).length;
  const used = process.cpuUsage(started);
  sets.push((used.user + used.system) / 1000);
}
const fastest = Math.min(...sets);
console.log(
  `${cassettes.length} cassettes, ${rounds} passes a set: CPU ms per set ${sets.map((ms) => ms.toFixed(0)).join(', ')}; ` +
    `fastest ${((fastest * 1000) / rounds / cassettes.length).toFixed(0)} µs a cassette (${written} characters written)`,
);
