// peer.mjs - Cedar, through @cedar-policy/cedar-wasm on node, on the rule
// set and request stream bench/gen-peer wrote: the peer in `make bench`.
//
//   node bench/peer.mjs DIR RUNS DECISIONS_OUT
//
// Each event of DIR/requests.jsonl becomes a Cedar request the way verdict
// reads the event: principal User::<user> whose parents are Group::<g> for
// each group, action Action::<action>, and a context with the command, its
// program (the first word), the path, and the URL's host.  Requests and
// entities are built before timing, the policy set is preparsed
// (preparsePolicySet), and each request is one statefulIsAuthorized() call:
// Cedar-wasm's fastest path.  Prints one JSON object: requests, the median
// requests/s over RUNS passes, p50/p99 ns per request, peak RSS; writes
// "allow" or "deny" per request to DECISIONS_OUT.  Any Cedar error (a
// policy that does not parse, a policy that errors on a request) fails.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cedar = require('@cedar-policy/cedar-wasm/nodejs');

const [dir, runsArg, decisionsOut] = process.argv.slice(2);
if (!dir || !decisionsOut) {
	console.error('usage: node peer.mjs DIR RUNS DECISIONS_OUT');
	process.exit(3);
}
const runs = Number(runsArg) || 5;
const text = fs.readFileSync(`${dir}/policies.cedar`, 'utf8');
const events = fs.readFileSync(`${dir}/requests.jsonl`, 'utf8').split('\n').filter(l => l.trim() !== '');

const calls = events.map(line => {
	const e = JSON.parse(line);
	const context = {};
	if (e.command !== undefined) {
		context.command = e.command;
		context.program = e.command.split(' ')[0];
	}
	if (e.path !== undefined)
		context.path = e.path;
	if (e.url !== undefined) {
		const m = /^[a-z]+:\/\/([^/:?#]+)/.exec(e.url);
		if (m)
			context.host = m[1].toLowerCase();
	}
	const principal = { type: 'User', id: e.user };
	return {
		principal,
		action: { type: 'Action', id: e.action },
		resource: { type: 'Resource', id: 'r' },
		context,
		preparsedPolicySetId: 'peer',
		entities: [{ uid: principal, attrs: {}, parents: (e.groups || []).map(g => ({ type: 'Group', id: g })) }],
	};
});

const parsed = cedar.preparsePolicySet('peer', { staticPolicies: text });
if (parsed.type !== 'success') {
	console.error('peer.mjs: the Cedar policies do not parse:', JSON.stringify(parsed.errors));
	process.exit(4);
}

function decide(call) {
	const a = cedar.statefulIsAuthorized(call);
	if (a.type !== 'success') {
		console.error('peer.mjs: Cedar failed on a request:', JSON.stringify(a.errors));
		process.exit(8);
	}
	if (a.response.diagnostics.errors.length) {
		console.error('peer.mjs: a Cedar policy errored on a request:', JSON.stringify(a.response.diagnostics.errors));
		process.exit(8);
	}
	return a.response.decision;
}

// Decisions first (also warms the JIT), then timed passes, then latency.
fs.writeFileSync(decisionsOut, calls.map(decide).join('\n') + '\n');
const rates = [];
for (let r = 0; r < runs; r++) {
	const t0 = process.hrtime.bigint();
	for (const c of calls)
		decide(c);
	const ns = Number(process.hrtime.bigint() - t0);
	rates.push(calls.length * 1e9 / ns);
}
const lat = calls.map(c => {
	const t0 = process.hrtime.bigint();
	decide(c);
	return Number(process.hrtime.bigint() - t0);
});
rates.sort((a, b) => a - b);
lat.sort((a, b) => a - b);
const q = p => lat[Math.min(lat.length - 1, Math.max(0, Math.ceil(p * lat.length) - 1))];
console.log(JSON.stringify({
	engine: `cedar-wasm ${cedar.getCedarVersion()} on node ${process.version}`,
	requests: calls.length,
	rate: Math.round(rates[Math.floor(runs / 2)]),
	p50_ns: q(0.5),
	p99_ns: q(0.99),
	rss_mb: Math.round(process.resourceUsage().maxRSS / 1024 * 10) / 10,
}));
