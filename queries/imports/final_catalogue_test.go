package imports

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/data"
)

// TestFinalPeriodCatalogueFrozen: once 2024Q1–Q4 are final, an indicators
// file that changes D02's weight in 2024 is refused (row and code named);
// adding a version from 2026Q1 on, with 2024 unchanged, is accepted.
func TestFinalPeriodCatalogueFrozen(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	for _, p := range []string{"2024Q1", "2024Q2", "2024Q3", "2024Q4"} {
		for _, st := range []string{"review", "final"} {
			if err := s.SetPeriodStatus(ctx, "t", p, st); err != nil {
				t.Fatal(err)
			}
		}
	}
	head := "code,name,system,tier,levels,unit,direction,rule,weight,target,floor,lead_dept,coop_depts,method,source,key_task,valid_from,valid_to\n"
	changed := head +
		"D02,减税降费政策落实率,law,decision,,%,higher,linear,16,100,90,SZ,FZ,both,manual,true,,2024Q4\n" +
		"D02,减税降费政策落实率,law,decision,,%,higher,linear,20,100,90,SZ,FZ,both,manual,true,2025Q1,\n"
	_, err := Import(ctx, s, data.KindIndicators, writeFile(t, "i.csv", changed), Options{})
	var rej *RejectedError
	if !errors.As(err, &rej) {
		t.Fatalf("changing a final period's weight was accepted: %v", err)
	}
	if rej.Errors[0].Row != 2 || rej.Errors[0].Column != "code" || !strings.Contains(rej.Errors[0].Message, "2024Q1") {
		t.Errorf("error: %+v", rej.Errors[0])
	}
	later := head +
		"D02,减税降费政策落实率,law,decision,,%,higher,linear,15,100,90,SZ,FZ,both,manual,true,,2024Q4\n" +
		"D02,减税降费政策落实率,law,decision,,%,higher,linear,20,100,90,SZ,FZ,both,manual,true,2025Q1,2025Q4\n" +
		"D02,减税降费政策落实率,law,decision,,%,higher,linear,25,100,90,SZ,FZ,both,manual,true,2026Q1,\n"
	mustImport(t, s, data.KindIndicators, writeFile(t, "j.csv", later))
	// Dropping a version that scored a final period is refused too.
	dropped := head + "D02,减税降费政策落实率,law,decision,,%,higher,linear,20,100,90,SZ,FZ,both,manual,true,2025Q1,\n"
	if _, err := Import(ctx, s, data.KindIndicators, writeFile(t, "k.csv", dropped), Options{}); !errors.As(err, &rej) {
		t.Fatalf("dropping a final period's version was accepted: %v", err)
	}
	// The fixture's own catalogue re-imports cleanly: nothing changes.
	mustImport(t, s, data.KindIndicators, filepath.Join(fixtureDir(t), "indicators.csv"))
}
