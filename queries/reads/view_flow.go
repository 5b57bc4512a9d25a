package reads

import (
	"context"
	"time"

	"jixiao/queries"
)

// The uncached reads of the view: workflow items, files, the report
// centre, checks. Each is the store's read of the same name with the
// view's scope, pinned to the view's snapshot.

// Accountability is SPEC §13's GET /api/accountability?period=P (a quarter …
func (v *View) Accountability(ctx context.Context, period string) ([]queries.DutyRow, error) {
	if v.err != nil {
		var zero []queries.DutyRow
		return zero, v.err
	}
	return v.d.store.Accountability(v.pin(ctx), v.sc, period)
}

// Appeal returns one appeal the scope may see, or ErrNotFound.
func (v *View) Appeal(ctx context.Context, id int64) (*queries.Appeal, error) {
	if v.err != nil {
		var zero *queries.Appeal
		return zero, v.err
	}
	return v.d.store.Appeal(v.pin(ctx), v.sc, id)
}

// AppealCounts counts the visible appeals of a period under root by status.
func (v *View) AppealCounts(ctx context.Context, period string, root string) (map[string]int, error) {
	if v.err != nil {
		var zero map[string]int
		return zero, v.err
	}
	return v.d.store.AppealCounts(v.pin(ctx), v.sc, period, root)
}

// Appeals lists the appeals the scope may see (on units of the user's own …
func (v *View) Appeals(ctx context.Context, f queries.AppealFilter) ([]queries.Appeal, error) {
	if v.err != nil {
		var zero []queries.Appeal
		return zero, v.err
	}
	return v.d.store.Appeals(v.pin(ctx), v.sc, f)
}

// Attachment returns an evidence file and its content when the scope sees its owner.
func (v *View) Attachment(ctx context.Context, id int64) (*queries.Attachment, []byte, error) {
	if v.err != nil {
		return nil, nil, v.err
	}
	return v.d.store.Attachment(v.pin(ctx), v.sc, id)
}

// CollectionForm is a unit's declaration form of a quarter: the indicators …
func (v *View) CollectionForm(ctx context.Context, unit string, period string) ([]queries.FormRow, *queries.Submission, error) {
	if v.err != nil {
		return nil, nil, v.err
	}
	return v.d.store.CollectionForm(v.pin(ctx), v.sc, unit, period)
}

// CollectionProgress lists the units the scope sees (their workflow …
func (v *View) CollectionProgress(ctx context.Context, period string) ([]queries.ProgressRow, error) {
	if v.err != nil {
		var zero []queries.ProgressRow
		return zero, v.err
	}
	return v.d.store.CollectionProgress(v.pin(ctx), v.sc, period)
}

// Completeness returns, for each indicator version valid in the quarter, …
func (v *View) Completeness(ctx context.Context, period string) ([]queries.CompletenessRow, error) {
	if v.err != nil {
		var zero []queries.CompletenessRow
		return zero, v.err
	}
	return v.d.store.Completeness(v.pin(ctx), v.sc, period)
}

// DataAsOf is the time of the latest values batch that wrote a value of the …
func (v *View) DataAsOf(ctx context.Context, period string) (*time.Time, error) {
	if v.err != nil {
		var zero *time.Time
		return zero, v.err
	}
	return v.d.store.DataAsOf(v.pin(ctx), v.sc, period)
}

// Explain answers "why did we lose these points?" for a unit the scope sees …
func (v *View) Explain(ctx context.Context, unit string, period string, indicator string, lang string) (*queries.Explanation, error) {
	if v.err != nil {
		var zero *queries.Explanation
		return zero, v.err
	}
	return v.d.store.Explain(v.pin(ctx), v.sc, unit, period, indicator, lang)
}

// Explanation returns one visible explanation, or ErrNotFound.
func (v *View) Explanation(ctx context.Context, id int64) (*queries.Note, error) {
	if v.err != nil {
		var zero *queries.Note
		return zero, v.err
	}
	return v.d.store.Explanation(v.pin(ctx), v.sc, id)
}

// Explanations lists the explanations the scope sees, newest first: every …
func (v *View) Explanations(ctx context.Context, f queries.NoteFilter) ([]queries.Note, error) {
	if v.err != nil {
		var zero []queries.Note
		return zero, v.err
	}
	return v.d.store.Explanations(v.pin(ctx), v.sc, f)
}

// FieldCheck returns one field check the scope sees, or ErrNotFound.
func (v *View) FieldCheck(ctx context.Context, id int64) (*queries.FieldCheck, error) {
	if v.err != nil {
		return nil, v.err
	}
	return v.d.store.FieldCheck(v.pin(ctx), v.sc, id)
}

// FieldChecks lists the field checks of a quarter on the units whose …
func (v *View) FieldChecks(ctx context.Context, period string) ([]queries.FieldCheck, error) {
	if v.err != nil {
		var zero []queries.FieldCheck
		return zero, v.err
	}
	return v.d.store.FieldChecks(v.pin(ctx), v.sc, period)
}

// Health returns one row per indicator version valid in the quarter that …
func (v *View) Health(ctx context.Context, period string) ([]queries.IndicatorHealth, error) {
	if v.err != nil {
		var zero []queries.IndicatorHealth
		return zero, v.err
	}
	return v.d.store.Health(v.pin(ctx), v.sc, period)
}

// HealthEvidence returns the evidence of one indicator in the quarter; …
func (v *View) HealthEvidence(ctx context.Context, period string, code string) (*queries.HealthEvidence, error) {
	if v.err != nil {
		var zero *queries.HealthEvidence
		return zero, v.err
	}
	return v.d.store.HealthEvidence(v.pin(ctx), v.sc, period, code)
}

// ListAdjustments lists the visible adjustments (units of the user's own …
func (v *View) ListAdjustments(ctx context.Context, f queries.AdjustmentFilter) ([]queries.AdjustmentRow, error) {
	if v.err != nil {
		var zero []queries.AdjustmentRow
		return zero, v.err
	}
	return v.d.store.ListAdjustments(v.pin(ctx), v.sc, f)
}

// Meeting returns one visible meeting with its rectification items.
func (v *View) Meeting(ctx context.Context, id int64) (*queries.Meeting, error) {
	if v.err != nil {
		var zero *queries.Meeting
		return zero, v.err
	}
	return v.d.store.Meeting(v.pin(ctx), v.sc, id)
}

// Meetings lists (and searches) the visible meetings, newest first.
func (v *View) Meetings(ctx context.Context, f queries.MeetingFilter) ([]queries.Meeting, error) {
	if v.err != nil {
		var zero []queries.Meeting
		return zero, v.err
	}
	return v.d.store.Meetings(v.pin(ctx), v.sc, f)
}

// NotifyMaySee reports whether a user with scope sc may be told of ev: a …
func (v *View) NotifyMaySee(ctx context.Context, ev queries.Event) (bool, error) {
	if v.err != nil {
		var zero bool
		return zero, v.err
	}
	return v.d.store.NotifyMaySee(v.pin(ctx), v.sc, ev)
}

// OverdueRectifications lists the visible items past their deadline and …
func (v *View) OverdueRectifications(ctx context.Context) ([]queries.Rectification, error) {
	if v.err != nil {
		var zero []queries.Rectification
		return zero, v.err
	}
	return v.d.store.OverdueRectifications(v.pin(ctx), v.sc)
}

// PeriodInfo returns one visible quarter's publication state, or ErrNotFound.
func (v *View) PeriodInfo(ctx context.Context, period string) (*queries.PeriodInfo, error) {
	if v.err != nil {
		var zero *queries.PeriodInfo
		return zero, v.err
	}
	return v.d.store.PeriodInfo(v.pin(ctx), v.sc, period)
}

// PeriodInfos lists the visible quarters, newest first, with their publication state.
func (v *View) PeriodInfos(ctx context.Context) ([]queries.PeriodInfo, error) {
	if v.err != nil {
		var zero []queries.PeriodInfo
		return zero, v.err
	}
	return v.d.store.PeriodInfos(v.pin(ctx), v.sc)
}

// Rectification returns one visible item, or ErrNotFound.
func (v *View) Rectification(ctx context.Context, id int64) (*queries.Rectification, error) {
	if v.err != nil {
		var zero *queries.Rectification
		return zero, v.err
	}
	return v.d.store.Rectification(v.pin(ctx), v.sc, id)
}

// RectificationCounts counts the visible items f selects by status.
func (v *View) RectificationCounts(ctx context.Context, f queries.RectFilter) (queries.RectCounts, error) {
	if v.err != nil {
		var zero queries.RectCounts
		return zero, v.err
	}
	return v.d.store.RectificationCounts(v.pin(ctx), v.sc, f)
}

// Rectifications lists the visible items, overdue first, then by deadline.
func (v *View) Rectifications(ctx context.Context, f queries.RectFilter) ([]queries.Rectification, error) {
	if v.err != nil {
		var zero []queries.Rectification
		return zero, v.err
	}
	return v.d.store.Rectifications(v.pin(ctx), v.sc, f)
}

// ReportBureau is a bureau whose report may be generated again for the …
func (v *View) ReportBureau(ctx context.Context, period string, unit string) (*queries.Unit, error) {
	if v.err != nil {
		var zero *queries.Unit
		return zero, v.err
	}
	return v.d.store.ReportBureau(v.pin(ctx), v.sc, period, unit)
}

// ReportFile returns a stored report the scope receives, or ErrNotFound …
func (v *View) ReportFile(ctx context.Context, period string, unit string, format string) (*queries.ReportFile, error) {
	if v.err != nil {
		var zero *queries.ReportFile
		return zero, v.err
	}
	return v.d.store.ReportFile(v.pin(ctx), v.sc, period, unit, format)
}

// ReportInbox lists the stored reports the scope receives.
func (v *View) ReportInbox(ctx context.Context, f queries.InboxFilter) (*queries.Inbox, error) {
	if v.err != nil {
		var zero *queries.Inbox
		return zero, v.err
	}
	return v.d.store.ReportInbox(v.pin(ctx), v.sc, f)
}

// ReportProblems lists the bureaus whose reports the scope receives and whose latest …
func (v *View) ReportProblems(ctx context.Context) ([]queries.ReportProblem, error) {
	if v.err != nil {
		var zero []queries.ReportProblem
		return zero, v.err
	}
	return v.d.store.ReportProblems(v.pin(ctx), v.sc)
}

// ReportRuns lists the latest runs of the quarters the scope sees, with the …
func (v *View) ReportRuns(ctx context.Context, limit int) ([]queries.ReportRunSummary, error) {
	if v.err != nil {
		var zero []queries.ReportRunSummary
		return zero, v.err
	}
	return v.d.store.ReportRuns(v.pin(ctx), v.sc, limit)
}

// Responsibilities lists the responsibilities of unit (every unit when …
func (v *View) Responsibilities(ctx context.Context, unit string) ([]queries.Responsibility, error) {
	if v.err != nil {
		var zero []queries.Responsibility
		return zero, v.err
	}
	return v.d.store.Responsibilities(v.pin(ctx), v.sc, unit)
}

// Submission returns one visible submission, or ErrNotFound.
func (v *View) Submission(ctx context.Context, id int64) (*queries.Submission, error) {
	if v.err != nil {
		var zero *queries.Submission
		return zero, v.err
	}
	return v.d.store.Submission(v.pin(ctx), v.sc, id)
}

// SubmissionWarnings are the collection warnings of a quarter over the …
func (v *View) SubmissionWarnings(ctx context.Context, period string, lang string) ([]queries.Warning, error) {
	if v.err != nil {
		var zero []queries.Warning
		return zero, v.err
	}
	return v.d.store.SubmissionWarnings(v.pin(ctx), v.sc, period, lang)
}

// Submissions lists the visible submissions of a quarter: submitted first …
func (v *View) Submissions(ctx context.Context, period string) ([]queries.Submission, error) {
	if v.err != nil {
		var zero []queries.Submission
		return zero, v.err
	}
	return v.d.store.Submissions(v.pin(ctx), v.sc, period)
}

// UnitFieldChecks lists the latest field check of each indicator of a unit …
func (v *View) UnitFieldChecks(ctx context.Context, unit string, period string) (map[string]queries.FieldCheck, error) {
	if v.err != nil {
		var zero map[string]queries.FieldCheck
		return zero, v.err
	}
	return v.d.store.UnitFieldChecks(v.pin(ctx), v.sc, unit, period)
}

// Warnings returns the early warnings of a quarter over the units the scope …
func (v *View) Warnings(ctx context.Context, period string, lang string) ([]queries.Warning, error) {
	if v.err != nil {
		var zero []queries.Warning
		return zero, v.err
	}
	return v.d.store.Warnings(v.pin(ctx), v.sc, period, lang)
}

// WhatIf scores a scenario for one peer group the scope sees, storing …
func (v *View) WhatIf(ctx context.Context, sn queries.Scenario) (*queries.WhatIf, error) {
	if v.err != nil {
		var zero *queries.WhatIf
		return zero, v.err
	}
	return v.d.store.WhatIf(v.pin(ctx), v.sc, sn)
}
