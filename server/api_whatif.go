package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
	"jixiao/queries/imports"
)

// The weight what-if (SPEC §10.1): a scenario answered at once and stored
// nowhere (the store scores it in temp tables of its own connection; the
// read cache is not used), and the saved scenarios of the user's unit.

func (s *Server) registerWhatIfRoutes(api fiber.Router) {
	api.Post("/whatif", s.tool("whatif", s.whatIfAPI))
	api.Get("/whatif/scenarios", s.tool("whatif", s.scenariosAPI))
	api.Post("/whatif/scenarios", s.tool("whatif", s.saveScenarioAPI))
	api.Delete("/whatif/scenarios/:id", s.tool("whatif", deleteByID(s.deleteScenarioAPI)))
	api.Post("/whatif/scenarios/:id/apply", s.tool("whatif", s.applyScenarioAPI))
}

// scenarioBody is a scenario as sent, with its numbers checked here so
// that a weight that is no number is a 422 naming its key.
type scenarioBody struct {
	Name    string                     `json:"name"`
	Period  string                     `json:"period"`
	Group   string                     `json:"group"`
	Unit    string                     `json:"unit"`
	Weights map[string]json.RawMessage `json:"weights"`
	Systems map[string]json.RawMessage `json:"systems"`
	From    string                     `json:"from"`
}

func parseScenario(c *fiber.Ctx) (scenarioBody, queries.Scenario, error) {
	var b scenarioBody
	if !strings.HasPrefix(strings.ToLower(c.Get(fiber.HeaderContentType)), fiber.MIMEApplicationJSON) {
		return b, queries.Scenario{}, fiber.NewError(fiber.StatusUnsupportedMediaType, "send JSON with Content-Type: application/json")
	}
	if len(c.Body()) > jsonBodyLimit {
		return b, queries.Scenario{}, fiber.NewError(fiber.StatusRequestEntityTooLarge, "request body too large")
	}
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	if err := dec.Decode(&b); err != nil {
		return b, queries.Scenario{}, &queries.ParamError{Problems: []queries.ParamProblem{{Key: "body", Message: "malformed JSON: " + err.Error()}}}
	}
	sn := queries.Scenario{Period: strings.ToUpper(strings.TrimSpace(b.Period)), Group: b.Group, Unit: b.Unit,
		Weights: map[string]float64{}, Systems: map[string]float64{}}
	var probs []queries.ParamProblem
	for _, m := range []struct {
		in  map[string]json.RawMessage
		out map[string]float64
	}{{b.Weights, sn.Weights}, {b.Systems, sn.Systems}} {
		for k, raw := range m.in {
			var f float64
			if err := json.Unmarshal(raw, &f); err != nil {
				probs = append(probs, queries.ParamProblem{Key: k, Message: fmt.Sprintf("%s is no number / 不是数字", string(raw))})
				continue
			}
			m.out[k] = f
		}
	}
	if len(probs) > 0 {
		return b, sn, &queries.ParamError{Problems: probs}
	}
	return b, sn, nil
}

func (s *Server) whatIfAPI(c *fiber.Ctx) error {
	_, sn, err := parseScenario(c)
	if err != nil {
		return err
	}
	w, err := s.view(c).WhatIf(c.UserContext(), sn)
	if err != nil {
		return err
	}
	return c.JSON(w)
}

func (s *Server) scenariosAPI(c *fiber.Ctx) error {
	l, err := s.Store.Scenarios(c.UserContext(), s.actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(l)
}

func (s *Server) saveScenarioAPI(c *fiber.Ctx) error {
	b, sn, err := parseScenario(c)
	if err != nil {
		return err
	}
	sv, err := s.Store.SaveScenario(c.UserContext(), s.actorOf(c), b.Name, sn)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(sv)
}

func (s *Server) deleteScenarioAPI(c *fiber.Ctx, id int64) error {
	return s.Store.DeleteScenario(c.UserContext(), s.actorOf(c), id)
}

// applyScenarioAPI is {"from": "2026Q1"}: new indicator versions through
// the indicators import, for the office of the province (the policy).
func (s *Server) applyScenarioAPI(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var body struct {
		From string `json:"from"`
	}
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	b, err := imports.ApplyScenario(c.UserContext(), s.Store, s.actorOf(c), id, strings.ToUpper(strings.TrimSpace(body.From)))
	if err != nil {
		return err
	}
	return c.JSON(b)
}
