package queries

import (
	"context"
	"errors"
	"testing"
)

// TestUnitEmptyCode: "" is no unit (it used to match the first one).
func TestUnitEmptyCode(t *testing.T) {
	s := loadFixture(t)
	if u, err := s.Unit(context.Background(), Everything, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf(`Unit("") = %+v, %v; want ErrNotFound`, u, err)
	}
}
