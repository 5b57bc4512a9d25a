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
	if err != nil {
		return err
	}
	return c.JSON(rows)
}

func (s *Server) addAdjustment(c *fiber.Ctx) error {
	var in queries.AdjustmentInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	row, err := s.Store.AddAdjustment(c.UserContext(), s.actorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(row)
}

func (s *Server) deleteAdjustment(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteAdjustment(c.UserContext(), s.actorOf(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// listRectifications takes ?unit=&under=&period=&status=&meeting=&q= and ?overdue=1.
func (s *Server) listRectifications(c *fiber.Ctx) error {
	period, err := queryPeriod(c)
	if err != nil {
		return err
	}
	f := queries.RectFilter{Unit: c.Query("unit"), Under: c.Query("under"), Period: period, Status: c.Query("status"),
		MeetingID: int64(c.QueryInt("meeting")), OverdueOnly: c.QueryBool("overdue"), Query: c.Query("q")}
	rs, err := s.view(c).Rectifications(c.UserContext(), f)
	if err != nil {
		return err
	}
	return c.JSON(rs)
}

func (s *Server) getRectification(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	r, err := s.view(c).Rectification(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (s *Server) addRectification(c *fiber.Ctx) error {
	var in queries.RectificationInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	r, err := s.Flow.AddRectification(c.UserContext(), s.actorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

func (s *Server) updateRectification(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var in queries.RectificationInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	r, err := s.Flow.UpdateRectification(c.UserContext(), s.actorOf(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (s *Server) deleteRectification(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := s.Flow.DeleteRectification(c.UserContext(), s.actorOf(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// listMeetings takes ?unit=&under=&period= and ?q= to search title, minutes and decisions.
func (s *Server) listMeetings(c *fiber.Ctx) error {
	period, err := queryPeriod(c)
	if err != nil {
		return err
	}
	ms, err := s.view(c).Meetings(c.UserContext(), queries.MeetingFilter{Unit: c.Query("unit"), Under: c.Query("under"), Period: period, Query: c.Query("q")})
	if err != nil {
		return err
	}
	return c.JSON(ms)
}

func (s *Server) getMeeting(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	m, err := s.view(c).Meeting(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(m)
}

func (s *Server) addMeeting(c *fiber.Ctx) error {
	var in queries.MeetingInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	m, err := s.Flow.AddMeeting(c.UserContext(), s.actorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(m)
}

func (s *Server) updateMeeting(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var in queries.MeetingInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	m, err := s.Flow.UpdateMeeting(c.UserContext(), s.actorOf(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(m)
}

func (s *Server) deleteMeeting(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := s.Flow.DeleteMeeting(c.UserContext(), s.actorOf(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
