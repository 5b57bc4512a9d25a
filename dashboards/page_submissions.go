package dashboards

import (
	"fmt"
	"html/template"
	"io"
	"strconv"

	"jixiao/data"
	"jixiao/queries"
)

// SubmissionsData is /submissions (SPEC §12): the unit's declaration form,
// the office's queue, the progress of the units below, field checks and
// explanations.
type SubmissionsData struct {
	Page
	Title       string
	Collect     string // the quarter being collected
	Deadline    *queries.Deadline
	DaysLeft    *int // days left to the deadline (0 on the day), nil when none or past
	Overdue     bool
	Warnings    []queries.Warning
	Unit        queries.Unit // the user's unit
	CanDeclare  bool
	Form        []queries.FormRow
	Own         *queries.Submission
	CanAccept   bool
	Queue       []queries.Submission // one page of the queue
	QueueTotal  int                  // the whole queue
	QueuePage   int                  // the page shown, from 0
	QueueSize   int                  // submissions a page shows
	Progress    []queries.ProgressRow
	CanDeadline bool
	CanCheck    bool
	Checks      []queries.FieldCheck
	NotePeriod  string // the quarter of the explanations (the newest in review or final)
	CanExplain  bool
	Notes       []queries.Note
}

type submissionsView struct {
	*SubmissionsData
	FormURL, FormMethod string
	Editable            bool
	Counts              string
	ByParent            []progressGroup
	Prev, Next          string                // the queue's neighbouring pages ("" when none)
	Shown               string                // "51–100 / 884"
	Detail              []queries.ProgressRow // the bureaus, and the units right below the viewer's
}

// progressGroup is the progress of the units under one bureau.
type progressGroup struct {
	Name                                             string
	Units, Accepted, Submitted, Returned, None, Late int
}

// byParent sums the progress rows per parent bureau, in tree order.
func byParent(rows []queries.ProgressRow) []progressGroup {
	var out []progressGroup
	at := map[string]int{}
	for _, r := range rows {
		i, ok := at[r.ParentCode]
		if !ok {
			i = len(out)
			at[r.ParentCode] = i
			out = append(out, progressGroup{Name: r.ParentName})
		}
		g := &out[i]
		g.Units++
		switch r.Status {
		case queries.SubmissionAccepted:
			g.Accepted++
		case queries.SubmissionSubmitted:
			g.Submitted++
		case queries.SubmissionReturned:
			g.Returned++
		default:
			g.None++
		}
		if r.Late {
			g.Late++
		}
	}
	return out
}

var collectionFuncs = template.FuncMap{
	"deref": func(p *int) int { return *p },
	"optV": func(v *float64) string { // a form field's value: empty when none
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	},
	"signed": func(v *float64) string {
		if v == nil {
			return "—"
		}
		s := strconv.FormatFloat(*v, 'f', -1, 64)
		if *v > 0 {
			s = "+" + s
		}
		return s
	},
}

// CollectionPages renders /submissions on the shared layout.
type CollectionPages struct{ t map[string]*template.Template }

// NewCollectionPages parses the page once.
func NewCollectionPages() (*CollectionPages, error) {
	t, err := parsePages(mergeFuncs(funcs, workflowFuncs, collectionFuncs),
		map[string]string{"submissions": "templates/collection_submissions.html"}, "templates/workflow_parts.html")
	if err != nil {
		return nil, err
	}
	return &CollectionPages{t: t}, nil
}

// Submissions renders the page.
func (p *CollectionPages) Submissions(w io.Writer, d *SubmissionsData) error {
	d.Lang = Lang(d.Lang)
	d.Title = T(d.Lang, "co_title")
	v := &submissionsView{SubmissionsData: d, FormURL: "/api/submissions", FormMethod: "POST", Editable: true}
	if d.Own != nil {
		v.FormURL, v.FormMethod = fmt.Sprintf("/api/submissions/%d", d.Own.ID), "PUT"
		v.Editable = d.Own.Status == queries.SubmissionDraft || d.Own.Status == queries.SubmissionReturned
	}
	if d.QueueTotal > len(d.Queue) && d.QueueSize > 0 {
		first := d.QueuePage*d.QueueSize + 1
		last := first + len(d.Queue) - 1
		v.Shown = fmt.Sprintf("%d–%d / %d", first, last, d.QueueTotal)
		link := func(p int) string { return fmt.Sprintf("/submissions?period=%s&page=%d#card-queue", d.Collect, p) }
		if d.QueuePage > 0 {
			v.Prev = link(d.QueuePage - 1)
		}
		if last < d.QueueTotal {
			v.Next = link(d.QueuePage + 1)
		}
	}
	v.ByParent = byParent(d.Progress)
	for _, r := range d.Progress {
		if r.Kind == "bureau" || r.ParentCode == d.Unit.Code {
			v.Detail = append(v.Detail, r)
		}
	}
	v.Counts = progressCounts(d.Lang, d.Progress)
	return renderLayout(p.t, w, "submissions", v)
}

// progressCounts is the line of declarations by status (a draft counts
// as nothing submitted), the names from data's words.
func progressCounts(lang string, rows []queries.ProgressRow) string {
	n := map[string]int{}
	late := 0
	for _, r := range rows {
		n[r.Status]++
		if r.Late {
			late++
		}
	}
	name := func(s string) string { return data.SubmissionStatusName(lang, s) }
	return T(lang, "co_counts", len(rows), name("accepted"), n["accepted"], name("submitted"), n["submitted"],
		name("returned"), n["returned"], name("none"), n["none"]+n["draft"], late)
}
