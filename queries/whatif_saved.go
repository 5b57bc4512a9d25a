package queries

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"jixiao/data"
)

// SavedScenario is a named what-if scenario of one user, listed to the
// users of the owner's unit.
type SavedScenario struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Owner     string    `json:"owner"`
	UnitCode  string    `json:"unit_code"`
	CreatedAt time.Time `json:"created_at"`
	Scenario
}

// SaveScenario validates and stores a named scenario for actor.
func (s *Store) SaveScenario(ctx context.Context, a Actor, name string, sn Scenario) (*SavedScenario, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 100 {
		return nil, paramErr("name", "a name of 1 to 100 characters is required / 须填写 1 至 100 字的名称")
	}
	if _, err := s.checkScenario(ctx, a.Scope, &sn); err != nil {
		return nil, err
	}
	if sn.Unit != "" {
		if err := s.seen(ctx, a.Scope, sn.Unit, seeNamed); err != nil {
			return nil, err
		}
	} else if _, err := s.groupToday(ctx, a.Scope, sn.Period, sn.Group); err != nil {
		return nil, err
	}
	body, err := json.Marshal(sn)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.writeFlow(ctx, func(x sqlExecer) error {
		if err := x.QueryRowContext(ctx, `INSERT INTO whatif_scenarios (name, owner, unit_code, scenario) VALUES (?, ?, ?, ?) RETURNING id`,
			name, a.Username, a.UnitCode, string(body)).Scan(&id); err != nil {
			return err
		}
		return auditX(ctx, x, a.Username, "whatif_save", fmt.Sprint(id), name)
	})
	if err != nil {
		return nil, err
	}
	return s.scenario(ctx, id)
}

func (s *Store) scenario(ctx context.Context, id int64) (*SavedScenario, error) {
	list, err := s.scenarios(ctx, "id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotFound
	}
	return &list[0], nil
}

func (s *Store) scenarios(ctx context.Context, where string, arg any) ([]SavedScenario, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, owner, unit_code, created_at, scenario FROM whatif_scenarios WHERE `+where+` ORDER BY id DESC LIMIT 1000`, arg)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	defer rows.Close()
	out := []SavedScenario{}
	for rows.Next() {
		var sv SavedScenario
		var body string
		if err := rows.Scan(&sv.ID, &sv.Name, &sv.Owner, &sv.UnitCode, &sv.CreatedAt, &body); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(body), &sv.Scenario); err != nil {
			return nil, fmt.Errorf("scenario %d: %w", sv.ID, err)
		}
		out = append(out, sv)
	}
	return out, rows.Err()
}

// Scenarios lists the saved scenarios of the actor's unit, newest first.
func (s *Store) Scenarios(ctx context.Context, a Actor) ([]SavedScenario, error) {
	return s.scenarios(ctx, "unit_code = ?", a.UnitCode)
}

// ScenarioFor is one saved scenario of the actor's unit (admins: any).
func (s *Store) ScenarioFor(ctx context.Context, a Actor, id int64) (*SavedScenario, error) {
	sv, err := s.scenario(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.Role != "admin" && sv.UnitCode != a.UnitCode {
		return nil, ErrNotFound
	}
	return sv, nil
}

// DeleteScenario removes a saved scenario: its owner or an admin.
func (s *Store) DeleteScenario(ctx context.Context, a Actor, id int64) error {
	sv, err := s.ScenarioFor(ctx, a, id)
	if err != nil {
		return err
	}
	if a.Role != "admin" && sv.Owner != a.Username {
		return forbidden("只有方案的创建者或管理员可以删除", "only its owner or an administrator may delete a scenario")
	}
	return s.writeFlow(ctx, func(x sqlExecer) error {
		if _, err := x.ExecContext(ctx, `DELETE FROM whatif_scenarios WHERE id = ?`, id); err != nil {
			return err
		}
		return auditX(ctx, x, a.Username, "whatif_delete", fmt.Sprint(id), sv.Name)
	})
}

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
func (s *Store) ApplyScenario(ctx context.Context, a Actor, id int64, from string) (*Batch, error) {
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
	if err := s.db.QueryRowContext(ctx, `SELECT status FROM periods WHERE period = ?`, from).Scan(&status); err == nil && status != "open" {
		return nil, paramErr("from", fmt.Sprintf("%s is %s; new versions start in an open quarter / 新版本须从未公示的季度开始", from, status))
	}
	applyMu.Lock()
	defer applyMu.Unlock()
	var done int64
	err = s.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM batches WHERE source = ? AND rolled_back_at IS NULL`, scenarioSource(id)).Scan(&done)
	if err != nil {
		return nil, err
	}
	if done != 0 {
		return nil, conflict(fmt.Sprintf("该方案已应用（批次 %d），不能重复应用；如需再调整请另存新方案", done),
			fmt.Sprintf("the scenario was applied already (batch %d): save a new scenario to change the weights again", done))
	}
	all, err := s.Indicators(ctx, "")
	if err != nil {
		return nil, err
	}
	byCode := map[string][]Indicator{}
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
			if in && (!(w >= 0) || w > MaxScenarioWeight) { // saved before the bounds
				return nil, paramErr(code, fmt.Sprintf("the scenario gives %s a weight of %g (0 to %g) / 权重超出范围", code, w, MaxScenarioWeight))
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
	b, err := s.Import(ctx, data.KindIndicators, path, ImportOptions{User: a.Username, Filename: fmt.Sprintf("whatif-%d-%s.csv", sv.ID, from), Source: scenarioSource(sv.ID)})
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

func indicatorRecord(v Indicator, weight float64, from, to string) []string {
	floor := ""
	if v.Floor != nil {
		floor = fmtNum(*v.Floor)
	}
	return []string{v.Code, v.Name, v.System, v.Tier, v.Levels, v.Unit, v.Direction, v.Rule, fmtNum(weight), fmtNum(v.Target), floor,
		v.LeadDept, v.CoopDepts, v.Method, v.Source, fmt.Sprint(v.KeyTask), from, to}
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
