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

// rawAs is column i of r as a T: false for NULL, and an error recorded
// (want names the type) for a value of another type.
func rawAs[T any](r *rawRow, i int, want string) (T, bool) {
	var zero T
	if r.v[i] == nil {
		return zero, false
	}
	x, ok := r.v[i].(T)
	if !ok {
		r.fail(i, want)
	}
	return x, ok
}

func (r *rawRow) str(i int) (string, bool)    { return rawAs[string](r, i, "text") }
func (r *rawRow) float(i int) (float64, bool) { return rawAs[float64](r, i, "a DOUBLE") }
func (r *rawRow) bool(i int) (bool, bool)     { return rawAs[bool](r, i, "a BOOLEAN") }

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
