package queries

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"jixiao/queries/scoring"
)

// A new data version's snapshot is read from the previous one's and what
// changed: the stored rows of scores and units are checksummed in SQL
// ((period, group) by (period, group)), and only the groups whose rows
// changed are read again. A write of one unit's adjustment then reads
// one quarter's and one year's group instead of every score of the
// province (a full read at scale 10 is ~200,000 rows, seconds under load).

// noGroup stands for the NULL group of the root's rows in a heldGroupKey.
const noGroup = "\x00root"

// heldScoreCols is the columns of a held score row, as scanHeldScores reads them.
const heldScoreCols = `period, is_year, ord, unit_code, grp, score::DOUBLE, base::DOUBLE, bonus, penalty, vetoed,
		law::DOUBLE, taxsys::DOUBLE, service::DOUBLE, admin::DOUBLE, info::DOUBLE, org::DOUBLE, rank, size, grade, rank_change`

// heldSums are the checksums of a version's stored rows.
type heldSums struct {
	units  string
	groups map[heldGroupKey]string
	// rows is every column of every unit, print the visibility print
	// (held_carry.go), both read in the snapshot's transaction.
	rows, print string
}

// readHeldSums reads the checksums: of the units as the snapshot holds them,
// and of the score rows of each (period, group).
func readHeldSums(ctx context.Context, x sqlExecer) (heldSums, error) {
	out := heldSums{groups: map[heldGroupKey]string{}}
	var a uint64
	var n int64
	if err := x.QueryRowContext(ctx, `SELECT coalesce(bit_xor(hash(coalesce(k.id, 0), u.code, u.name, u.grp, coalesce(u.sort_key, u.code))), 0), count(*)
		FROM units u LEFT JOIN unit_keys k ON k.code = u.code`).Scan(&a, &n); err != nil {
		return out, fmt.Errorf("held sums: %w", err)
	}
	out.units = fmt.Sprintf("%x.%d", a, n)
	var err error
	if out.rows, err = readUnitRowsSum(ctx, x); err != nil {
		return out, err
	}
	if out.print, err = visibilityPrint(ctx, x); err != nil {
		return out, err
	}
	// The rows of frozen periods (final quarters, years whose quarters are
	// all final: score.sql's @frozen) are not summed: scoring, the only
	// writer of scores, never rewrites them (score.sql @replace), and a
	// period that becomes final changes the visibility print. A group of a
	// period frozen in one snapshot and not in the other is missing from
	// one side's sums, so compared as changed and read again.
	rows, err := x.QueryContext(ctx, `SELECT period, coalesce(grp, ?), bit_xor(hash(`+heldScoreCols+`)), count(*) FROM scores
		WHERE period NOT IN (SELECT period FROM periods WHERE status = 'final'
			UNION ALL SELECT left(period, 4) FROM periods GROUP BY left(period, 4) HAVING bool_and(status = 'final'))
		GROUP BY ALL`, noGroup)
	if err != nil {
		return out, fmt.Errorf("held sums: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k heldGroupKey
		if err := rows.Scan(&k.period, &k.grp, &a, &n); err != nil {
			return out, err
		}
		out.groups[k] = fmt.Sprintf("%x.%d", a, n)
	}
	return out, rows.Err()
}

// add files a scanned row under its unit, group and key.
func (h *held) add(r *heldScore, grp sql.NullString) {
	h.byUnit[r.unit.code] = append(h.byUnit[r.unit.code], r)
	h.byKey[r.key] = append(h.byKey[r.key], r)
	if grp.Valid {
		h.byGroup[r.key] = append(h.byGroup[r.key], r)
	}
}

// scanHeldScores reads rows of heldScoreCols, filing each with add; a row
// without its unit is not shown (scores derive from units).
func scanHeldScores(rows *sql.Rows, units map[string]*heldUnit, add func(*heldScore, sql.NullString)) error {
	defer rows.Close()
	for rows.Next() {
		r := &heldScore{}
		var code string
		var grp sql.NullString
		if err := rows.Scan(&r.period, &r.isYear, &r.ord, &code, &grp, &r.score, &r.base, &r.bonus, &r.penalty, &r.vetoed,
			&r.sys[0], &r.sys[1], &r.sys[2], &r.sys[3], &r.sys[4], &r.sys[5], &r.rank, &r.size, &r.grade, &r.rankChange); err != nil {
			return err
		}
		if r.unit = units[code]; r.unit == nil {
			continue
		}
		r.key = heldGroupKey{r.period, noGroup}
		if grp.Valid {
			r.key.grp = grp.String
		}
		add(r, grp)
	}
	return rows.Err()
}

func sortByOrd(rs []*heldScore) {
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].ord != rs[j].ord {
			return rs[i].ord < rs[j].ord
		}
		return rs[i].period < rs[j].period
	})
}

func sortByRank(rs []*heldScore) {
	sort.Slice(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if a.rank.Int64 != b.rank.Int64 {
			return a.rank.Int64 < b.rank.Int64
		}
		return a.unit.sortKey < b.unit.sortKey
	})
}

// snapshotTimeout bounds a snapshot's read by QueryTimeout unless the
// caller set a deadline (the read door's background loads allow more: a
// full read at scale 10 under load takes longer than a query may).
func snapshotTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return withTimeout(ctx)
}

// inSnapshotTx runs read in one read transaction of its own, bounded as a
// snapshot load is, with the data version the transaction sees: the full
// read and the delta read of a snapshot both open it so.
func (s *Store) inSnapshotTx(ctx context.Context, read func(ctx context.Context, tx *sql.Tx, version int64) (*held, error)) (*held, error) {
	ctx, cancel := snapshotTimeout(ctx)
	defer cancel()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck // read only
	var version int64
	if err := tx.QueryRowContext(ctx, "SELECT v FROM data_version").Scan(&version); err != nil {
		return nil, err
	}
	return read(ctx, tx, version)
}

// maxDeltaGroups is the most changed groups read as a delta; beyond, the
// whole snapshot is read again.
const maxDeltaGroups = 256

// loadHeldFrom reads the current version's snapshot from prev and what
// changed since, or whole (loadHeld) when the units changed, too many
// groups did, or there is no prev.
func (s *Store) loadHeldFrom(ctx context.Context, prev *held) (*held, error) {
	if prev == nil || prev.sums.groups == nil {
		return s.loadHeld(ctx)
	}
	return s.inSnapshotTx(ctx, func(ctx context.Context, tx *sql.Tx, version int64) (*held, error) {
		h := &held{units: prev.units, byUnit: make(map[string][]*heldScore, len(prev.byUnit)), byGroup: make(map[heldGroupKey][]*heldScore, len(prev.byGroup)),
			byKey: make(map[heldGroupKey][]*heldScore, len(prev.byKey)), adjust: map[heldGroupKey][]Adjustment{}, scopes: map[string]*heldScope{}}
		h.version = version
		var err error
		if h.sums, err = readHeldSums(ctx, tx); err != nil {
			return nil, err
		}
		changed := map[heldGroupKey]bool{}
		for k, sum := range h.sums.groups {
			if prev.sums.groups[k] != sum {
				changed[k] = true
			}
		}
		for k := range prev.sums.groups {
			if _, ok := h.sums.groups[k]; !ok {
				changed[k] = true
			}
		}
		if h.sums.units != prev.sums.units || len(changed) > maxDeltaGroups {
			_ = tx.Rollback()
			return s.loadHeld(ctx)
		}
		if h.grading, err = scoring.LoadGrading(ctx, tx); err != nil {
			return nil, err
		}
		// The unchanged groups' rows as they were; the units whose rows moved
		// get their lists rebuilt.
		touched := map[string]bool{}
		for k, rs := range prev.byKey {
			if changed[k] {
				for _, r := range rs {
					touched[r.unit.code] = true
				}
				continue
			}
			h.byKey[k] = rs
			if k.grp != noGroup {
				h.byGroup[k] = prev.byGroup[k]
			}
		}
		if len(changed) > 0 {
			var conds []string
			var args []any
			for k := range changed {
				conds = append(conds, "(period = ? AND coalesce(grp, ?) = ?)")
				args = append(args, k.period, noGroup, k.grp)
			}
			rows, err := tx.QueryContext(ctx, `SELECT `+heldScoreCols+` FROM scores WHERE `+strings.Join(conds, " OR "), args...)
			if err != nil {
				return nil, fmt.Errorf("held scores: %w", err)
			}
			if err := scanHeldScores(rows, h.units, func(r *heldScore, grp sql.NullString) {
				touched[r.unit.code] = true
				h.byKey[r.key] = append(h.byKey[r.key], r)
				if grp.Valid {
					h.byGroup[r.key] = append(h.byGroup[r.key], r)
				}
			}); err != nil {
				return nil, err
			}
			for k := range changed {
				if rs, ok := h.byGroup[k]; ok {
					sortByRank(rs)
				}
			}
		}
		// A group's summary depends on its own rows only: the unchanged ones
		// as they were, the changed ones asked again.
		h.summaries = make(map[heldGroupKey]Summary, len(prev.summaries))
		for k, sm := range prev.summaries {
			if !changed[k] {
				h.summaries[k] = sm
			}
		}
		if len(changed) > 0 {
			var conds []string
			var args []any
			for k := range changed {
				conds = append(conds, "(s.period = ? AND s.grp = ?)")
				args = append(args, k.period, k.grp)
			}
			if h.summaries, err = loadSummariesInto(ctx, tx, h.summaries, strings.Join(conds, " OR "), args...); err != nil {
				return nil, err
			}
		}
		for code, rs := range prev.byUnit {
			if !touched[code] {
				h.byUnit[code] = rs
			}
		}
		for code := range touched {
			var rs []*heldScore
			for _, r := range prev.byUnit[code] {
				if !changed[r.key] {
					rs = append(rs, r)
				}
			}
			h.byUnit[code] = rs
		}
		for k := range changed {
			for _, r := range h.byKey[k] {
				h.byUnit[r.unit.code] = append(h.byUnit[r.unit.code], r)
			}
		}
		for code := range touched {
			sortByOrd(h.byUnit[code])
		}
		if err := h.loadAdjustments(ctx, tx); err != nil {
			return nil, err
		}
		return h, tx.Commit()
	})
}
