package reads

import (
	"reflect"
)

// sizeOf estimates the bytes an answer holds: its values, the strings and
// slices they point to and the maps' entries (with a fixed overhead per
// entry). Pointers shared between answers are counted in each.
func sizeOf(x any) int64 {
	if x == nil {
		return 0
	}
	if b, ok := x.([]byte); ok {
		return int64(len(b)) + 24
	}
	v := reflect.ValueOf(x)
	return int64(v.Type().Size()) + deep(v, 0)
}

// deep is the bytes v points to beyond its own size.
func deep(v reflect.Value, depth int) int64 {
	if depth > 12 {
		return 0
	}
	switch v.Kind() {
	case reflect.String:
		return int64(v.Len())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		return int64(e.Type().Size()) + deep(e, depth+1)
	case reflect.Slice:
		n := int64(v.Cap()) * int64(v.Type().Elem().Size())
		if hasRefs(v.Type().Elem()) {
			for i := 0; i < v.Len(); i++ {
				n += deep(v.Index(i), depth+1)
			}
		}
		return n
	case reflect.Array:
		var n int64
		if hasRefs(v.Type().Elem()) {
			for i := 0; i < v.Len(); i++ {
				n += deep(v.Index(i), depth+1)
			}
		}
		return n
	case reflect.Map:
		n := int64(v.Len()) * (int64(v.Type().Key().Size()+v.Type().Elem().Size()) + 16)
		it := v.MapRange()
		for it.Next() {
			n += deep(it.Key(), depth+1) + deep(it.Value(), depth+1)
		}
		return n
	case reflect.Struct:
		var n int64
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); hasRefs(f.Type()) {
				n += deep(f, depth+1)
			}
		}
		return n
	}
	return 0
}

// hasRefs reports whether a value of t may point to more memory.
func hasRefs(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map:
		return true
	case reflect.Array:
		return hasRefs(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if hasRefs(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}
