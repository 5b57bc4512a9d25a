package queries

import "errors"

// Kind is what went wrong, as the server's one error handler maps it to a
// status: NotFound 404, Forbidden 403, Conflict 409, Invalid 400.
type Kind int

// The kinds of Error. Internal is anything else: logged, shown as "internal error".
const (
	Internal Kind = iota
	NotFound
	Forbidden
	Conflict
	Invalid
)

// Error is the one typed error of queries: a kind and a message for the
// user (Chinese / English). A missing or invisible thing, a step the user
// may not take, a write the state refuses, malformed input.
type Error struct {
	Kind Kind
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// Is makes errors.Is(err, ErrNotFound) match every Error of kind NotFound,
// whatever its message (and so for every kind).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind
}

// ErrNotFound is a missing (or invisible) thing.
var ErrNotFound = &Error{Kind: NotFound, Msg: "not found"}

// KindOf is the kind of err (Internal when err is no Error).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// MessageOf is the user's message of an Error, "" for anything else.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg
	}
	return ""
}

func newErr(k Kind, zh, en string) error { return &Error{Kind: k, Msg: zh + " / " + en} }

func forbidden(zh, en string) error { return newErr(Forbidden, zh, en) }
func conflict(zh, en string) error  { return newErr(Conflict, zh, en) }
func invalid(zh, en string) error   { return newErr(Invalid, zh, en) }

// Invalidf is malformed input found outside queries (a form field that is
// no number): an Error of kind Invalid with msg.
func Invalidf(msg string) error { return &Error{Kind: Invalid, Msg: msg} }

// orErr is err unless it is nil, else otherwise.
func orErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// one is the single item of a read by id: ErrNotFound when the list is
// empty (no such item, or not one the scope sees).
func one[T any](list []T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotFound
	}
	return &list[0], nil
}
