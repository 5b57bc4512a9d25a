package queries

// flowWith is the WITH clause of a workflow list read: fv, the units
// whose workflow items the scope sees (flowVisSQL), and vp, the periods it
// sees (periodSQL), with their arguments in order.
func (sc Scope) flowWith() (string, []any) {
	v, args := sc.flowVisSQL()
	p, pargs := sc.periodSQL()
	return "WITH fv AS (" + v + "), vp AS (" + p + ")", append(args, pargs...)
}
