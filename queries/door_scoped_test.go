package queries_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"jixiao/queries"
	"jixiao/queries/reads"
)

// TestEveryReadGoesThroughTheDoor: every scoped read of the store (a
// method taking a Scope after its context) has a method of the same name
// on the read door's View, with the same arguments but the scope and the
// same answers; through a view bound to Everything it reaches real rows,
// through a view bound to the zero Scope it answers nothing. A new scoped
// read without its door, or a door that does not apply its scope, fails.
func TestEveryReadGoesThroughTheDoor(t *testing.T) {
	s := queries.LoadFixtureForTest(t)
	ctx := context.Background()
	args := queries.ScopedReadArgs(t, s)
	door, err := reads.New(ctx, s, reads.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer door.Close()
	scopeT := reflect.TypeOf(queries.Scope{})
	st := reflect.TypeOf(s)
	vt := reflect.TypeOf(&reads.View{})
	n := 0
	for i := 0; i < st.NumMethod(); i++ {
		meth := st.Method(i)
		mt := meth.Type // receiver, ctx, scope, …
		if mt.NumIn() < 3 || mt.In(2) != scopeT {
			continue
		}
		n++
		vm, ok := vt.MethodByName(meth.Name)
		if !ok {
			t.Errorf("%s takes a Scope but the View has no %s", meth.Name, meth.Name)
			continue
		}
		if !sameButScope(mt, vm.Type) {
			t.Errorf("View.%s is %v, the store's is %v (without the scope)", meth.Name, vm.Type, mt)
			continue
		}
		extra, ok := args[meth.Name]
		if !ok {
			t.Errorf("%s: no arguments in scopedReadArgs", meth.Name)
			continue
		}
		call := func(sc queries.Scope) (empty bool, err error) {
			v := reflect.ValueOf(door.For(ctx, sc))
			in := []reflect.Value{reflect.ValueOf(ctx)}
			for j, a := range extra {
				in = append(in, reflect.ValueOf(a).Convert(vm.Type.In(2+j)))
			}
			out := v.MethodByName(meth.Name).Call(in)
			if e := out[len(out)-1]; !e.IsNil() {
				return true, e.Interface().(error)
			}
			return queries.IsEmptyAnswer(out[0]), nil
		}
		if empty, err := call(queries.Everything); err != nil || empty {
			t.Errorf("View.%s with Everything: empty %v, error %v", meth.Name, empty, err)
		}
		if empty, err := call(queries.Scope{}); err != nil && !errors.Is(err, queries.ErrNotFound) {
			t.Errorf("View.%s with the zero Scope: %v", meth.Name, err)
		} else if !empty {
			t.Errorf("View.%s with the zero Scope answered something", meth.Name)
		}
	}
	if n < 50 {
		t.Errorf("only %d scoped reads found", n)
	}
}

// sameButScope reports whether view method type v (receiver first) is the
// store method type s (receiver first) without its scope argument.
func sameButScope(s, v reflect.Type) bool {
	if s.NumIn() != v.NumIn()+1 || s.NumOut() != v.NumOut() || v.In(1) != s.In(1) {
		return false
	}
	for i := 2; i < v.NumIn(); i++ {
		if v.In(i) != s.In(i+1) {
			return false
		}
	}
	for i := 0; i < s.NumOut(); i++ {
		if s.Out(i) != v.Out(i) {
			return false
		}
	}
	return true
}
