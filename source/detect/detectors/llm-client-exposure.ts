import { dataOf, type CallFact, type ExposureFact } from './llm/facts.js';
import { places, type LlmSignal } from './llm/model.js';

/** Client bundles: a model key or a direct model call there is readable by anyone who opens the app. */
export const clientExposureSignal: LlmSignal = {
  meta: { id: 'llm.client-exposure', title: 'Model keys and calls kept off the client', passWhen: 'no model API key and no direct model call in code shipped to browsers or mobile apps (fail lists each)' },
  evaluate(m) {
    const id = 'llm.client-exposure';
    const keys = m.facts('llm-exposure');
    const clientRoots = m.facts('llm-client-root').map((f) => f.path.replace(/package\.json$/, ''));
    // A model call in a Vite/CRA/Expo app's client source, or in a 'use client' file.
    const inClient = m.calls.filter((c) => dataOf<CallFact>(c).client || clientRoots.some((r) => inClientSource(c.path, r)));
    // With a key the server minted for the session (OpenAI Realtime from the browser), no lasting key travels.
    const ephemeral = inClient.filter((c) => dataOf<CallFact>(c).ephemeralKey === true);
    const clientCalls = inClient.filter((c) => dataOf<CallFact>(c).ephemeralKey !== true);
    if (keys.length === 0 && clientCalls.length === 0) {
      const na = m.applicability(id);
      if (na) return na;
      const server = m.calls.filter((c) => !inClient.includes(c));
      const minted = ephemeral.length > 0 ? ` holds a lasting key; ${ephemeral.length} browser call(s) use a key the server mints per session (${places(m, ephemeral, 2)})` : '';
      return {
        id, status: 'pass', confidence: 'medium',
        summary: `no model key with a public prefix (VITE_, NEXT_PUBLIC_, EXPO_PUBLIC_, …) and none of ${m.calls.length} model call(s) in client code${minted}`,
        evidence: [...ephemeral.slice(0, 2).map((c) => m.evidence(c, 'browser call with a key minted by the server for this session')), ...server.slice(0, 4).map((c) => m.evidence(c, 'model call in server-side code'))],
      };
    }
    const evidence = [
      ...keys.map((k) => m.evidence(k, dataOf<ExposureFact>(k).what === 'public-key' ? `${dataOf<ExposureFact>(k).name}: a model key under a prefix the bundler ships to every browser` : 'SDK told to run in the browser')),
      ...clientCalls.map((c) => m.evidence(c, 'model called from client code: the key travels with the app')),
    ];
    const seen = new Set<string>();
    const unique = [...keys, ...clientCalls].filter((f) => { const k = m.where(f); if (seen.has(k)) return false; seen.add(k); return true; });
    return { id, status: 'fail', confidence: 'high', summary: `a model key or call is shipped to the client: ${places(m, unique, 4)}`, evidence: evidence.slice(0, 12), details: { keys: keys.length, clientCalls: clientCalls.length } };
  },
};

const SERVER_DIRS = /(^|\/)(supabase\/functions|netlify\/functions|functions|api|server|backend|pages\/api|app\/api|edge-functions|workers?)\//;

function inClientSource(path: string, root: string): boolean {
  if (!path.startsWith(root)) return false;
  const rest = path.slice(root.length);
  return /^(src|app|components|screens|hooks|lib)\//.test(rest) && !SERVER_DIRS.test(rest);
}
