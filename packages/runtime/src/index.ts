// The public API of @baton/runtime, the small library compiled Baton protocols import.
// It has no dependencies and never uses JavaScript `Date`, so results do not depend on a time zone.

/** Civil dates as `YYYY-MM-DD` strings: strict parsing, day numbers, weekdays and calendar arithmetic. */
export {
  addDays,
  addMonths,
  compareDates,
  dayOfWeek,
  daysInMonth,
  formatIsoDate,
  fromDayNumber,
  isLeapYear,
  isValidIsoDate,
  parseIsoDate,
  requireIsoDate,
  toDayNumber,
  type CivilDate,
  type Weekday,
} from "./civil-date.js";

/** Durations, `date ± duration`, and `time since d OP duration` as the language defines it. */
export {
  addDuration,
  compareElapsed,
  duration,
  subtractDuration,
  type ComparisonOperator,
  type Duration,
  type DurationParts,
} from "./duration.js";

/** The UK bank holiday calendars the runtime ships, and the years they cover. */
export {
  bankHolidays,
  CALENDAR_NAMES,
  calendarCoverage,
  CalendarCoverageError,
  isBankHoliday,
  type CalendarCoverage,
  type CalendarName,
} from "./calendars.js";

/** Working days: weekdays less bank holidays and the protocol's own holidays. */
export { addWorkingDays, isWorkingDay } from "./working-days.js";

/** Three-valued (Kleene) logic for conditions over facts that may be unknown. */
export { and3, not3, or3, type Truth } from "./logic.js";

/** The decision a compiled protocol returns, and its plain-English rendering. */
export type { Decision, Outcome, TraceEntry, TraceStatus } from "./decision.js";
export { explain, type ExplainLabels } from "./explain.js";

/** The error `validate` throws, listing every problem in a case record with its JSON path. */
export { CaseError, type CaseProblem } from "./case-error.js";

/** The shape of a case record as the runtime reads it. */
export type { CaseInput, EventRecord } from "./case-input.js";
export { forbiddenKeys } from "./case-input.js";

/** Rule conditions as trees of compiled tests, evaluated in three-valued logic. */
export {
  addMissingReads,
  allowedValues,
  conditionUnknowns,
  keyFact,
  evaluateCondition,
  noteUnknown,
  failedRequirement,
  type Condition,
  type Evaluation,
  type ConditionKey,
  type Reads,
  type Unknowns,
  type UnknownsFunction,
} from "./condition.js";

/** How a protocol's rules combine into one decision (spec section 5), shared by every compiled protocol. */
export {
  decideCase,
  needsInformation,
  validateAndDecide,
  type ActionSpec,
  type DecideOptions,
  type ProtocolSpec,
  type RuleSpec,
  type TimingSpec,
  type ValueSpec,
} from "./decide.js";

/** The operations compiled protocols are made of, each three-valued. */
export { add, all, any, compare, complete, count, elapsed, equals, eventDate, held, oneOf, scheduled, shift } from "./ops.js";

/** "Did you mean ...?": the closest of some names to a misspelt one (the checker's and `validate`'s). */
export { closestName, editDistance, suggestionBudget, type SuggestionBudget } from "./suggest.js";

/** Checking a case record against a protocol's declarations. */
export { validateCase, type CaseSchema, type ValueSchema } from "./validate.js";

/** What a compiled protocol exports about itself. */
export type { Labelled, ProtocolInfo } from "./protocol-info.js";
