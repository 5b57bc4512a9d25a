package imports

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"jixiao/data"
	"jixiao/queries"
)

// ApplyScenario turns a saved scenario into new indicator versions valid
// from an open quarter: for each code whose weight the scenario changes,
// the version valid in that quarter ends the quarter before and a copy
// with the scenario's weight starts in it (a weight of 0 ends the
// indicator there). The versions are written by the ordinary indicators
// import (validation, batch history, refusal for final quarters).
//
// A scenario is applied once: its factors multiply the weights in force,
// so a second application would multiply them again. The batch it wrote
// carries the source "whatif:<id>"; while that batch stands (not rolled
// back) a repeat is refused with a conflict, and concurrent applications
// are serialised so that exactly one writes.
func ApplyScenario(ctx context.Context, s *queries.Store, a queries.Actor, id int64, from string) (*Batch, error) {
	sv, err := s.ScenarioFor(ctx, a, id)
	if err != nil {
		return nil, err
	}
	fp, err := data.ParsePeriod(from)
	if err != nil || fp.IsYear() {
		return nil, paramErr("from", "a quarter such as 2026Q1 is required / 须为季度，如 2026Q1")
	}
	from = fp.String()
	var status string
	if err := s.DB().QueryRowContext(ctx, `SELECT status FROM periods WHERE period = ?`, from).Scan(&status); err == nil && status != "open" {
		return nil, paramErr("from", fmt.Sprintf("%s is %s; new versions start in an open quarter / 新版本须从未公示的季度开始", from, status))
	}
	applyMu.Lock()
	defer applyMu.Unlock()
	var done int64
	err = s.DB().QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM batches WHERE source = ? AND rolled_back_at IS NULL`, scenarioSource(id)).Scan(&done)
	if err != nil {
		return nil, err
	}
	if done != 0 {
		return nil, queries.NewError(queries.Conflict, fmt.Sprintf("该方案已应用（批次 %d），不能重复应用；如需再调整请另存新方案", done),
			fmt.Sprintf("the scenario was applied already (batch %d): save a new scenario to change the weights again", done))
	}
	all, err := s.Indicators(ctx, "")
	if err != nil {
		return nil, err
	}
	byCode := map[string][]queries.Indicator{}
	for _, i := range all {
		byCode[i.Code] = append(byCode[i.Code], i)
	}
	prev := fp.Prev().String()
	var out [][]string
	for code, vs := range byCode {
		changed := false
		var rows [][]string
		for _, v := range vs {
			in := (v.ValidFrom == "" || v.ValidFrom <= from) && (v.ValidTo == "" || from <= v.ValidTo)
			w := v.Weight
			if nw, ok := sv.Weights[code]; ok {
				w = nw
			}
			if f, ok := sv.Systems[v.System]; ok {
				w *= f
			}
			if in && (!(w >= 0) || w > queries.MaxScenarioWeight) { // saved before the bounds
				return nil, paramErr(code, fmt.Sprintf("the scenario gives %s a weight of %g (0 to %g) / 权重超出范围", code, w, queries.MaxScenarioWeight))
			}
			if !in || w == v.Weight {
				rows = append(rows, indicatorRecord(v, v.Weight, v.ValidFrom, v.ValidTo))
				continue
			}
			changed = true
			if v.ValidFrom != from {
				rows = append(rows, indicatorRecord(v, v.Weight, v.ValidFrom, prev))
			}
			if w > 0 {
				rows = append(rows, indicatorRecord(v, w, from, v.ValidTo))
			}
		}
		if changed {
			out = append(out, rows...)
		}
	}
	if len(out) == 0 {
		return nil, paramErr("weights", "the scenario changes no weight from "+from+" / 该方案未改变任何权重")
	}
	dir, err := os.MkdirTemp("", "jixiao-whatif-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "indicators.csv")
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"code", "name", "system", "tier", "levels", "unit", "direction", "rule", "weight", "target", "floor",
		"lead_dept", "coop_depts", "method", "source", "key_task", "valid_from", "valid_to"})
	_ = w.WriteAll(out)
	if err := f.Close(); err != nil {
		return nil, err
	}
	b, err := Import(ctx, s, data.KindIndicators, path, Options{User: a.Username, Filename: fmt.Sprintf("whatif-%d-%s.csv", sv.ID, from), Source: scenarioSource(sv.ID)})
	if err != nil {
		return nil, err
	}
	return b, s.Audit(ctx, a.Username, "whatif_apply", fmt.Sprint(sv.ID), fmt.Sprintf("%s from %s: batch %d", sv.Name, from, b.ID), "")
}

// applyMu serialises the applications of saved scenarios (one writing
// process holds the database), so that the check for an earlier
// application and the import are one step.
var applyMu sync.Mutex

// scenarioSource is the batch source of a scenario's application.
func scenarioSource(id int64) string { return fmt.Sprintf("whatif:%d", id) }

func indicatorRecord(v queries.Indicator, weight float64, from, to string) []string {
	floor := ""
	if v.Floor != nil {
		floor = fmtNum(*v.Floor)
	}
	return []string{v.Code, v.Name, v.System, v.Tier, v.Levels, v.Unit, v.Direction, v.Rule, fmtNum(weight), fmtNum(v.Target), floor,
		v.LeadDept, v.CoopDepts, v.Method, v.Source, fmt.Sprint(v.KeyTask), from, to}
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// paramErr is a ParamError (422) on one key.
func paramErr(key, msg string) error {
	return &queries.ParamError{Problems: []queries.ParamProblem{{Key: key, Message: msg}}}
}
