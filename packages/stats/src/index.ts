/**
 * @flowgen/stats — analyzers as mergeable accumulators (update per batch, merge across workers and files,
 * finish into plain data), so they run per worker and per file.
 */
export { FlowSummary, type SummaryResult } from './flow-summary';
export { TopKeys, TOP_KEYS, TOP_ORDERS, type TopKey, type TopOrder, type TopRow } from './top-keys';
export { LogHistogram } from './log-histogram';
export { DistinctCounter } from './distinct-counter';
export { FlowFilter, compactRows, type FilterSpec } from './filter/flow-filter';
export { compileFilter, type BatchSelector, type FilterOptions } from './filter/filter-compile';
export { parseFilter, FilterError, type FilterNode } from './filter/filter-parser';
export { GroupBy, type RowSource, parseGroupKeys, parseDuration, GROUP_FIELDS, type GroupKey, type GroupField } from './aggregate/group-by';
export { TransitionLearner, type MarkovChain, type LearnReport, type LearnedTransition, type RowTest } from './workflow/transition-learner';
export { chiSquarePValue, gammaQ, logGamma } from './workflow/chi-square';
export { FlowProfile, MAX_STARTS } from './fidelity/flow-profile';
export { compareProfiles, jsd, numericDistance, topShare, THRESHOLDS, type FidelityReport, type FieldFidelity, type HostConcentration, type Verdict } from './fidelity/fidelity-metrics';
