package imports

import "jixiao/queries"

// The kind responsibilities (SPEC §13) runs the checks and statements of
// the store's form (PUT /api/responsibilities) on every row of a file,
// against the importer's reach (queries.BuildReach); it moves no score.
var respChecks, respApply = queries.ResponsibilityRules()
