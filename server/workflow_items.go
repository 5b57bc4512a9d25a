package server

import (
	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
)

func (s *Server) listAdjustments(c *fiber.Ctx) error {
	period, err := queryPeriod(c)
	if err != nil {
		return err
	}
	rows, err := s.view(c).ListAdjustments(c.UserContext(), queries.AdjustmentFilter{Unit: c.Query("unit"), Under: c.Query("under"), Period: period})
	return jsonOr(c, rows, err)
}

func (s *Server) addAdjustment(c *fiber.Ctx) error { return created(s, c, s.Store.AddAdjustment) }

func (s *Server) deleteAdjustment(c *fiber.Ctx) error { return removed(s, c, s.Store.DeleteAdjustment) }

// listRectifications takes ?unit=&under=&period=&status=&meeting=&q= and ?overdue=1.
func (s *Server) listRectifications(c *fiber.Ctx) error {
	period, err := queryPeriod(c)
	if err != nil {
		return err
	}
	f := queries.RectFilter{Unit: c.Query("unit"), Under: c.Query("under"), Period: period, Status: c.Query("status"),
		MeetingID: int64(c.QueryInt("meeting")), OverdueOnly: c.QueryBool("overdue"), Query: c.Query("q")}
	rs, err := s.view(c).Rectifications(c.UserContext(), f)
	return jsonOr(c, rs, err)
}

func (s *Server) getRectification(c *fiber.Ctx) error { return viewByID(c, s.view(c).Rectification) }

func (s *Server) addRectification(c *fiber.Ctx) error { return created(s, c, s.Flow.AddRectification) }

func (s *Server) updateRectification(c *fiber.Ctx) error {
	return changed(s, c, s.Flow.UpdateRectification)
}

func (s *Server) deleteRectification(c *fiber.Ctx) error {
	return removed(s, c, s.Flow.DeleteRectification)
}

// listMeetings takes ?unit=&under=&period= and ?q= to search title, minutes and decisions.
func (s *Server) listMeetings(c *fiber.Ctx) error {
	period, err := queryPeriod(c)
	if err != nil {
		return err
	}
	ms, err := s.view(c).Meetings(c.UserContext(), queries.MeetingFilter{Unit: c.Query("unit"), Under: c.Query("under"), Period: period, Query: c.Query("q")})
	return jsonOr(c, ms, err)
}

func (s *Server) getMeeting(c *fiber.Ctx) error { return viewByID(c, s.view(c).Meeting) }

func (s *Server) addMeeting(c *fiber.Ctx) error { return created(s, c, s.Flow.AddMeeting) }

func (s *Server) updateMeeting(c *fiber.Ctx) error { return changed(s, c, s.Flow.UpdateMeeting) }

func (s *Server) deleteMeeting(c *fiber.Ctx) error { return removed(s, c, s.Flow.DeleteMeeting) }
