// Every contender for one protocol, set up once: Baton's compiled module (with and without the
// trace), the hand-written TypeScript, json-rules-engine and feelin.
import { loadBaton, type LoadedProtocol, type ProtocolName } from "./baton.js";
import type { CaseRecord, ComparedDecision } from "./common.js";
import { derbyFeel } from "./derby.feel.js";
import { decideDerby } from "./derby.hand.js";
import { derbyJre } from "./derby.jre.js";
import { ruleTable } from "./engines.js";
import { feelDecide } from "./feel.js";
import { hillingdonFeel } from "./hillingdon.feel.js";
import { decideHillingdon } from "./hillingdon.hand.js";
import { hillingdonJre } from "./hillingdon.jre.js";
import { jreDecide } from "./jre.js";

export interface Contenders {
  protocol: LoadedProtocol;
  hand: (record: CaseRecord, today: string) => ComparedDecision;
  jre: (record: CaseRecord, today: string) => Promise<ComparedDecision>;
  feel: (record: CaseRecord, today: string) => ComparedDecision;
}

export async function contenders(name: ProtocolName): Promise<Contenders> {
  const protocol = await loadBaton(name);
  const table = ruleTable(protocol);
  return name === "derby"
    ? { protocol, hand: decideDerby, jre: jreDecide(derbyJre, table), feel: feelDecide(derbyFeel, table) }
    : { protocol, hand: decideHillingdon, jre: jreDecide(hillingdonJre, table), feel: feelDecide(hillingdonFeel, table) };
}
