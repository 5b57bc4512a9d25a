package workflow

import (
	"context"
	"fmt"
	"strings"
	"time"

	"jixiao/queries"
)

// SetResponsibility is PUT /api/responsibilities (SPEC §13): an office of
// the bureau or above names its leader in charge and responsible person of
// an indicator, with the checks and the statements of the import
// "responsibilities" on one row. A bad field is a ParamError naming it
// (422); a unit out of reach 403, one not seen 404.
func (d *Desk) SetResponsibility(ctx context.Context, a queries.Actor, in queries.ResponsibilityInput) (*queries.Responsibility, error) {
	in.UnitCode, in.IndicatorCode = strings.TrimSpace(in.UnitCode), strings.TrimSpace(in.IndicatorCode)
	err := d.st.WriteFlow(ctx, func(x queries.Execer) error {
		if in.UnitCode != "" {
			if err := d.st.MustSeeFlow(ctx, x, a.Scope, in.UnitCode); err != nil {
				return err
			}
			if ok, err := a.May(ctx, x, queries.ActResponsibility, in.UnitCode); err != nil || !ok {
				return orErr(err, forbidden("只有该局或其上级的绩效办可以指定分管领导和责任人",
					"only the bureau's office or an office above it may name its leader and owner"))
			}
		}
		if err := d.st.PutResponsibilityIn(ctx, x, a, in); err != nil {
			return err
		}
		return a.AuditIn(ctx, x, "responsibility_set", in.UnitCode+" "+in.IndicatorCode,
			fmt.Sprintf("leader %q, owner %q", strings.TrimSpace(in.Leader), strings.TrimSpace(in.Owner)))
	})
	if err != nil {
		return nil, err
	}
	rs, err := d.st.Responsibilities(ctx, a.Scope, in.UnitCode)
	if err != nil {
		return nil, err
	}
	for i := range rs {
		if rs[i].IndicatorCode == in.IndicatorCode {
			return &rs[i], nil
		}
	}
	// Both cleared: the entry is gone.
	return &queries.Responsibility{UnitCode: in.UnitCode, IndicatorCode: in.IndicatorCode, UpdatedBy: a.Username, UpdatedAt: time.Now()}, nil
}
