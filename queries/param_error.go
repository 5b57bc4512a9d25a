package queries

import "strings"

// ParamProblem is one rejected key of an analysis request (SPEC §10): the
// key named as the client sent it and a message in plain words.
type ParamProblem struct {
	Key     string `json:"key"`
	Message string `json:"message"`
}

// ParamError is a request of the analysis tools that cannot be answered as
// asked; the server answers it 422 with every problem.
type ParamError struct{ Problems []ParamProblem }

func (e *ParamError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Key + ": " + p.Message
	}
	return "invalid request: " + strings.Join(parts, "; ")
}

func paramErr(key, msg string) *ParamError {
	return &ParamError{Problems: []ParamProblem{{Key: key, Message: msg}}}
}
