package queries

import (
	"context"
	"errors"
	"strings"
	"testing"

	"jixiao/data"
)

// TestImportedNamesRefuseControlCharacters: a unit, indicator or user name
// carrying a control character (an ANSI escape, a line break inside a
// tab, C1) is refused at its row and column; nothing is stored.
func TestImportedNamesRefuseControlCharacters(t *testing.T) {
	s := validBase.load(t)
	units := csvOf(unitsHeader,
		"P,省局,,bureau,province,",
		"C1,\x1b[31m市局\x1b[0m,P,bureau,city,",
		"K1,县局\t,C1,bureau,county,",
		"B1,分局\u00851,K1,branch,county,",
		"B2,分局2,K1,branch,county,g\x07")
	errs := rejectPath(t, s, data.KindUnits, writeRaw(t, "units.csv", []byte(units)), "zh")
	want := map[int]string{3: "name", 4: "name", 5: "name", 6: "peer_group"}
	got := map[int]string{}
	for _, e := range errs {
		if strings.Contains(e.Message, "控制字符") {
			got[e.Row] = e.Column
		}
	}
	if len(got) != 4 || got[3] != "name" || got[4] != "name" || got[5] != "name" || got[6] != "peer_group" {
		t.Fatalf("control character errors %+v, want rows %v (all errors %+v)", got, want, errs)
	}
	users := "username,name,unit_code,role,password\nu1,\x1b]0;pwn\x07,P,staff,Secret-2025x\n"
	errs = rejectPath(t, s, data.KindUsers, writeRaw(t, "users.csv", []byte(users)), "en")
	if len(errs) != 1 || errs[0].Row != 2 || errs[0].Column != "name" || !strings.Contains(errs[0].Message, "control characters") {
		t.Errorf("users: %+v", errs)
	}
	ind := csvOf(indHeader, "S2,分局\x1b指标,admin,execution,,分,higher,linear,100,100,0,ZG,,desk,manual,false,,")
	errs = rejectPath(t, s, data.KindIndicators, writeRaw(t, "indicators.csv", []byte(ind)), "en")
	if len(errs) != 1 || errs[0].Row != 2 || errs[0].Column != "name" {
		t.Errorf("indicators: %+v", errs)
	}
	// Ordinary Chinese names, full-width punctuation and spaces pass.
	ok := csvOf(unitsHeader, "P,省局（本级） 一,,bureau,province,")
	if _, err := s.Import(context.Background(), data.KindUnits, writeRaw(t, "ok.csv", []byte(ok)), ImportOptions{User: "test"}); err != nil {
		t.Errorf("a plain name: %v", err)
	}
}

// TestUnitEmptyCode: "" is no unit (it used to match the first one).
func TestUnitEmptyCode(t *testing.T) {
	s := validBase.load(t)
	if u, err := s.Unit(context.Background(), Everything, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf(`Unit("") = %+v, %v; want ErrNotFound`, u, err)
	}
}
