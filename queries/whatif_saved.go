package queries

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
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
	return one(s.scenarios(ctx, "id = ?", id))
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
