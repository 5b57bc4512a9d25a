package queries

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
)

// Settings that bound what an upload may cost or contain (issue 10). They
// live in the settings table like the grading settings; a missing or
// unreadable value means the default.
const (
	// SettingMaxValue bounds the magnitude of every imported number: no
	// real indicator comes near it, and 1e308 would overflow the scores.
	SettingMaxValue = "import.max_abs_value"
	// SettingXLSXSheetBytes bounds the unpacked size of the sheet read.
	SettingXLSXSheetBytes = "import.xlsx_max_sheet_bytes"
	// SettingXLSXCellBytes bounds one cell of a workbook.
	SettingXLSXCellBytes = "import.xlsx_max_cell_bytes"
	// SettingEvidenceFiles bounds the files of one item (appeal, rectification).
	SettingEvidenceFiles = "evidence.max_files_per_item"
	// SettingEvidenceItemBytes bounds the total size of one item's files.
	SettingEvidenceItemBytes = "evidence.max_bytes_per_item"
	// SettingEvidenceUnitBytes bounds the total size of a unit's files.
	SettingEvidenceUnitBytes = "evidence.max_bytes_per_unit"
)

// Limits are the upload bounds in force.
type Limits struct {
	MaxValue          float64
	XLSXSheetBytes    int64
	XLSXCellBytes     int64
	EvidenceFiles     int64
	EvidenceItemBytes int64
	EvidenceUnitBytes int64
}

// DefaultLimits are sized from the largest real ledger: a scale-10 values
// sheet unpacks to about 200 MB, and no cell of a catalogue or ledger is
// near 32 KiB.
var DefaultLimits = Limits{
	MaxValue:          1e12,
	XLSXSheetBytes:    256 << 20,
	XLSXCellBytes:     32 << 10,
	EvidenceFiles:     20,
	EvidenceItemBytes: 50 << 20,
	EvidenceUnitBytes: 500 << 20,
}

// maxValueSQL is the magnitude bound as a SQL scalar, read where it is used.
const maxValueSQL = `(SELECT coalesce(max(TRY_CAST(value AS DOUBLE)), 1e12) FROM settings WHERE key = 'import.max_abs_value')`

// maxValueTextSQL is the bound as the message shows it.
const maxValueTextSQL = `(SELECT coalesce(max(value), '1e12') FROM settings WHERE key = 'import.max_abs_value')`

// LoadLimits reads the upload bounds, falling back to the defaults.
func (s *Store) LoadLimits(ctx context.Context) (Limits, error) {
	return loadLimits(ctx, s.db)
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func loadLimits(ctx context.Context, db queryer) (Limits, error) {
	l := DefaultLimits
	rows, err := db.QueryContext(ctx, "SELECT key, value FROM settings WHERE key LIKE 'import.%' OR key LIKE 'evidence.%'")
	if err != nil {
		return l, err
	}
	defer rows.Close()
	ints := map[string]*int64{
		SettingXLSXSheetBytes: &l.XLSXSheetBytes, SettingXLSXCellBytes: &l.XLSXCellBytes,
		SettingEvidenceFiles: &l.EvidenceFiles, SettingEvidenceItemBytes: &l.EvidenceItemBytes,
		SettingEvidenceUnitBytes: &l.EvidenceUnitBytes,
	}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return l, err
		}
		if p, ok := ints[k]; ok {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
				*p = n
			}
		} else if k == SettingMaxValue {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 {
				l.MaxValue = f
			}
		}
	}
	return l, rows.Err()
}

// checkMagnitude refuses a number typed into a form (an appeal's claimed
// or decided value) beyond the import bound, as an import would.
func (s *Store) checkMagnitude(ctx context.Context, v float64) error {
	lim, err := loadLimits(ctx, s.db)
	if err != nil {
		return err
	}
	if math.Abs(v) > lim.MaxValue {
		return invalid(fmt.Sprintf("数值 %g 超出允许范围（绝对值不得超过 %g）", v, lim.MaxValue),
			fmt.Sprintf("%g is out of range (the magnitude may not exceed %g)", v, lim.MaxValue))
	}
	return nil
}
