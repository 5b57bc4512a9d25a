package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"jixiao/data"
)

// SPEC §13 (指标定责到岗): per bureau and indicator code, the leader in
// charge (分管领导) and the responsible person (责任人). The form, the API
// and the import kind "responsibilities" run the same checks (respChecks,
// over view s) and the same statements (respApply), so that one rule holds
// however a row arrives. An empty leader or owner clears that person; a
// row left with neither is removed.

// ActResponsibility names the leader and owner of a bureau's indicators.
const ActResponsibility = "responsibility"

func init() {
	Actions = append(Actions, ActResponsibility)
}

// Responsibility is one bureau's leader and owner of one indicator.
type Responsibility struct {
	UnitCode      string    `json:"unit_code"`
	IndicatorCode string    `json:"indicator_code"`
	IndicatorName string    `json:"indicator_name"`
	Leader        *string   `json:"leader"`
	LeaderName    *string   `json:"leader_name"`
	Owner         *string   `json:"owner"`
	OwnerName     *string   `json:"owner_name"`
	UpdatedBy     string    `json:"updated_by"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// ResponsibilityInput is the body of PUT /api/responsibilities.
type ResponsibilityInput struct {
	UnitCode      string `json:"unit_code"`
	IndicatorCode string `json:"indicator_code"`
	Leader        string `json:"leader"`
	Owner         string `json:"owner"`
}

// respReach is the temp table of the units the writer sees (as workflow
// items: its own subtree, named) with may = the writer's right on each.
const respReach = "temp.resp_reach"

// respChecks find every bad row of view s (row_no, unit_code,
// indicator_code, leader, owner) against temp.resp_reach. A unit that is
// unknown or not the writer's to see reads as unknown.
var respChecks = append([]check{
	dupCheck("unit_code", "indicator_code"),
	`SELECT row_no, 'unit_code', 'no_unit', unit_code, NULL, NULL FROM s
	 WHERE unit_code IS NOT NULL AND unit_code NOT IN (SELECT code FROM ` + respReach + `)`,
	`SELECT s.row_no, 'unit_code', 'resp_not_bureau', s.unit_code, NULL, NULL FROM s JOIN units u ON u.code = s.unit_code
	 WHERE u.kind <> 'bureau' AND s.unit_code IN (SELECT code FROM ` + respReach + `)`,
	`SELECT s.row_no, 'unit_code', 'resp_not_yours', s.unit_code, NULL, NULL FROM s JOIN ` + respReach + ` r ON r.code = s.unit_code
	 JOIN units u ON u.code = s.unit_code WHERE u.kind = 'bureau' AND NOT r.may`,
	`SELECT row_no, 'indicator_code', 'no_indicator', indicator_code, NULL, NULL FROM s
	 WHERE indicator_code IS NOT NULL AND indicator_code NOT IN (SELECT code FROM indicators)`,
	// A bureau's results hold the decision-tier indicators of its level.
	`SELECT s.row_no, 'indicator_code', 'resp_never_apply', s.indicator_code, s.unit_code, u.kind || '/' || u.level FROM s
	 JOIN units u ON u.code = s.unit_code
	 WHERE u.kind = 'bureau' AND s.indicator_code IN (SELECT code FROM indicators)
	   AND NOT EXISTS (SELECT 1 FROM indicators i WHERE i.code = s.indicator_code AND i.tier = ` + tierOfKind("u.kind") + `
	     AND (i.levels = '' OR list_contains(string_split(i.levels, ','), u.level)))`,
}, append(personChecks("leader"), personChecks("owner")...)...)

// personChecks: a named person is a user of the bureau or of one of its
// departments (a unknown username reads the same: names are not probed),
// and not disabled.
func personChecks(col string) []check {
	c, name := "s."+quoteIdent(col), quoteLit(col)
	of := `x.unit_code = s.unit_code OR x.unit_code IN (SELECT code FROM units WHERE parent_code = s.unit_code AND kind = 'department')`
	return []check{
		`SELECT s.row_no, ` + name + `, 'resp_wrong_unit', ` + c + `, s.unit_code, NULL FROM s
		 WHERE ` + c + ` IS NOT NULL AND s.unit_code IN (SELECT code FROM units WHERE kind = 'bureau')
		   AND NOT EXISTS (SELECT 1 FROM users x WHERE x.username = ` + c + ` AND (` + of + `))`,
		`SELECT s.row_no, ` + name + `, 'resp_disabled', ` + c + `, NULL, NULL FROM s JOIN users x ON x.username = ` + c + `
		 WHERE coalesce(x.disabled, false) AND (` + of + `)`,
	}
}

// respApply writes the checked rows of view s ($batch: the import, NULL
// for the form; $user: the writer).
var respApply = []string{
	`DELETE FROM responsibilities USING s WHERE responsibilities.unit_code = s.unit_code
	 AND responsibilities.indicator_code = s.indicator_code AND s.leader IS NULL AND s.owner IS NULL`,
	`INSERT OR REPLACE INTO responsibilities (unit_code, indicator_code, leader, owner, updated_by, updated_at, batch_id)
	 SELECT unit_code, indicator_code, leader, owner, $user, current_timestamp, $batch FROM s
	 WHERE leader IS NOT NULL OR owner IS NOT NULL`,
}

func buildReach(ctx context.Context, x sqlExecer, a Actor) error {
	may, margs := a.mayCond(ActResponsibility, "u.code")
	vis, vargs := a.Scope.sees("u.code", "u.grp", seeFlow)
	_, err := x.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE resp_reach AS SELECT u.code, "+may+" AS may FROM units u WHERE "+vis,
		append(margs, vargs...)...)
	return err
}

// mayCond is may as SQL: true where the actor's rights let it take act on
// the unit whose code is in col.
func (a Actor) mayCond(act, col string) (string, []any) {
	var parts []string
	var args []any
	for _, r := range a.Rights[act] {
		switch r {
		case ReachAll:
			return "true", nil
		case ReachOwn:
			parts, args = append(parts, col+" = ?"), append(args, a.UnitCode)
		case ReachBelow:
			parts = append(parts, col+" IN (SELECT descendant FROM unit_tree WHERE ancestor = ? AND distance >= 1)")
			args = append(args, a.UnitCode)
		}
	}
	if len(parts) == 0 {
		return "false", nil
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// PutResponsibilityIn runs, in x (the write's transaction), the checks and
// the statements of the import on one row of PUT /api/responsibilities
// (the workflow room's SetResponsibility decides who may): a bad field is
// a ParamError naming it (422).
func (s *Store) PutResponsibilityIn(ctx context.Context, x Execer, a Actor, in ResponsibilityInput) error {
	if _, err := x.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE resp_put AS SELECT 2 AS row_no,
		nullif(?, '') AS unit_code, nullif(?, '') AS indicator_code, nullif(trim(?), '') AS leader, nullif(trim(?), '') AS owner`,
		in.UnitCode, in.IndicatorCode, in.Leader, in.Owner); err != nil {
		return err
	}
	defer x.ExecContext(context.Background(), "DROP VIEW IF EXISTS temp.s")
	if _, err := x.ExecContext(ctx, "CREATE OR REPLACE TEMP VIEW s AS SELECT * FROM temp.resp_put"); err != nil {
		return err
	}
	if err := buildReach(ctx, x, a); err != nil {
		return err
	}
	issues, err := runChecks(ctx, x, append(fieldChecks(data.KindResponsibilities), respChecks...), func(f string) string { return f })
	if err != nil {
		return err
	}
	if len(issues) > 0 {
		pe := &ParamError{}
		for _, is := range issues {
			pe.Problems = append(pe.Problems, ParamProblem{Key: is.column, Message: is.msg.Text("zh") + " / " + is.msg.Text("en")})
		}
		return pe
	}
	for _, q := range respApply {
		q, args := bindNamed(q, map[string]any{"$batch": nil, "$user": a.Username})
		if _, err := x.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("responsibility: %w", err)
		}
	}
	return nil
}

// Responsibilities lists the responsibilities of unit (every unit when
// ""), as the scope sees them: persons are shown only within the scope's
// own subtree, never to peers (SPEC §13). A unit not seen is ErrNotFound.
func (s *Store) Responsibilities(ctx context.Context, sc Scope, unit string) ([]Responsibility, error) {
	if unit != "" {
		if err := s.seen(ctx, sc, unit, seeFlow); err != nil {
			return nil, err
		}
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	v, args := sc.sees("r.unit_code", "", seeFlow)
	q := `SELECT r.unit_code, r.indicator_code, coalesce((SELECT any_value(name) FROM indicators i WHERE i.code = r.indicator_code), ''),
	        r.leader, (SELECT name FROM users WHERE username = r.leader), r.owner, (SELECT name FROM users WHERE username = r.owner),
	        coalesce(r.updated_by, ''), r.updated_at
	      FROM responsibilities r JOIN units u ON u.code = r.unit_code
	      WHERE (? = '' OR r.unit_code = ?) AND ` + v + `
	      ORDER BY u.sort_key, r.indicator_code LIMIT 100000`
	return listOf(ctx, s.db, "responsibilities", q, append([]any{unit, unit}, args...), func(rows *sql.Rows) (Responsibility, error) {
		var r Responsibility
		var ln, on sql.NullString
		err := rows.Scan(&r.UnitCode, &r.IndicatorCode, &r.IndicatorName, &r.Leader, &ln, &r.Owner, &on, &r.UpdatedBy, &r.UpdatedAt)
		r.LeaderName, r.OwnerName = nullStr(ln), nullStr(on)
		return r, err
	})
}
