package queries

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
)

// rawEach runs q with args on a connection of db and calls fn with each
// row's values as the driver gives them (string, float64, int32, bool,
// nil for NULL …), into a slice that fn must not keep. It is a read of
// many rows without database/sql's scan of each value into its
// destination, about half of a row's cost.
func rawEach(ctx context.Context, db *sql.DB, q string, args []any, fn func(row []driver.Value) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		qc, ok := dc.(driver.QueryerContext)
		if !ok {
			return errors.New("rawEach: the driver's connection cannot query")
		}
		nv := make([]driver.NamedValue, len(args))
		for i, a := range args {
			v, err := driver.DefaultParameterConverter.ConvertValue(a)
			if err != nil {
				return fmt.Errorf("rawEach: argument %d: %w", i+1, err)
			}
			nv[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
		}
		rows, err := qc.QueryContext(ctx, q, nv)
		if err != nil {
			return err
		}
		defer rows.Close()
		row := make([]driver.Value, len(rows.Columns()))
		for {
			if err := rows.Next(row); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			if err := fn(row); err != nil {
				return err
			}
		}
	})
}

// rawRow reads the values of a row of rawEach by column (0-based),
// keeping the first error: a value of an unexpected type, or NULL where
// one is required (need).
type rawRow struct {
	v   []driver.Value
	err error
}

func (r *rawRow) fail(i int, want string) {
	if r.err == nil {
		r.err = fmt.Errorf("column %d: %T where %s was expected", i+1, r.v[i], want)
	}
}

// need records an error when column i is NULL.
func (r *rawRow) need(i int) {
	if r.v[i] == nil && r.err == nil {
		r.err = fmt.Errorf("column %d is NULL", i+1)
	}
}

func (r *rawRow) str(i int) (string, bool) {
	switch x := r.v[i].(type) {
	case nil:
	case string:
		return x, true
	default:
		r.fail(i, "text")
	}
	return "", false
}

func (r *rawRow) float(i int) (float64, bool) {
	switch x := r.v[i].(type) {
	case nil:
	case float64:
		return x, true
	default:
		r.fail(i, "a DOUBLE")
	}
	return 0, false
}

func (r *rawRow) int(i int) (int, bool) {
	switch x := r.v[i].(type) {
	case nil:
	case int32:
		return int(x), true
	case int64:
		return int(x), true
	default:
		r.fail(i, "an INTEGER")
	}
	return 0, false
}

func (r *rawRow) bool(i int) (bool, bool) {
	switch x := r.v[i].(type) {
	case nil:
	case bool:
		return x, true
	default:
		r.fail(i, "a BOOLEAN")
	}
	return false, false
}
