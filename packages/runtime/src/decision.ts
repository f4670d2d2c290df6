// The decision a compiled protocol returns for one case: plain JSON, exactly as the language
// specification (section 9) describes it, so it can be stored, compared and explained.

export type Outcome = "transfer" | "remain" | "refer" | "no-rule" | "conflict" | "needs-information";

export type TraceStatus = "applied" | "not-applicable" | "overridden" | "unknown";

/** What happened to one rule while deciding. */
export interface TraceEntry {
  readonly rule: string;
  readonly status: TraceStatus;
  /** For `overridden`: the rule that overrode it. */
  readonly by?: string;
  /** In words: the condition that failed ("proceedings is yes"), or why the rule was overridden or unknown. */
  readonly reason?: string;
}

/**
 * What the protocol says should happen to a case. The type parameters let a compiled protocol narrow
 * ids to its own teams, panels, events, documents and facts; they all default to `string`.
 */
export interface Decision<
  TeamId extends string = string,
  PanelId extends string = string,
  EventId extends string = string,
  DocumentId extends string = string,
  FactId extends string = string,
> {
  readonly outcome: Outcome;
  /** The deciding rule's name. */
  readonly rule?: string;
  /** Where in the published protocol the deciding rule comes from. */
  readonly source?: string;
  readonly because?: string;
  readonly from?: TeamId;
  readonly to?: TeamId;
  readonly panel?: PanelId;
  /** ISO date responsibility moves; null when it waits on an unscheduled event or an unknown fact. */
  readonly due?: string | null;
  /** The event the timing depends on, when it is not yet held or scheduled. */
  readonly waitingFor?: EventId;
  /** ISO date the transfer must be requested by; null when it cannot be worked out yet. */
  readonly requestBy?: string | null;
  /** ISO date the receiving team starts joint work; null when it cannot be worked out yet. */
  readonly jointWorkFrom?: string | null;
  /** Required documents not yet complete. */
  readonly missing: readonly DocumentId[];
  /** Unknown facts that block a decision (or its date). */
  readonly needs: readonly FactId[];
  /** Rule names, for outcome "conflict". */
  readonly conflicting: readonly string[];
  readonly trace: readonly TraceEntry[];
}
