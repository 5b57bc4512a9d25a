package server

import (
	"io"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
)

// evidenceBodyLimit is the largest evidence upload: the file plus the multipart envelope.
const evidenceBodyLimit = queries.MaxAttachmentSize + 64<<10

// isEvidenceUpload names the routes that take an evidence file, whose body
// may pass the JSON limit up to evidenceBodyLimit.
func isEvidenceUpload(c *fiber.Ctx) bool {
	return c.Method() == fiber.MethodPost && strings.HasSuffix(c.Path(), "/files") && len(c.Body()) <= evidenceBodyLimit
}

// uploadEvidence is the API route taking one evidence file for the owner in the path.
func (s *Server) uploadEvidence(kind string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		att, err := s.saveEvidence(c, kind)
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(att)
	}
}

// saveEvidence stores the multipart field "file" with the owner in the
// path; the store checks its size and type (by content) and who may add it.
func (s *Server) saveEvidence(c *fiber.Ctx, kind string) (*queries.Attachment, error) {
	id, err := idParam(c)
	if err != nil {
		return nil, err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, fiber.NewError(fiber.StatusBadRequest, `send the file as multipart/form-data field "file" / 请以 file 字段上传文件`)
	}
	if fh.Size > queries.MaxAttachmentSize {
		return nil, queries.Invalidf("证明材料不能超过 10 MB / evidence files are limited to 10 MB")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, queries.MaxAttachmentSize+1))
	if err != nil {
		return nil, err
	}
	return s.Store.AddAttachment(c.UserContext(), s.actorOf(c), kind, id, fh.Filename, body)
}

// downloadFile sends an evidence file the user may see, always as a
// download of its sniffed type, so that no upload renders in the page.
func (s *Server) downloadFile(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	att, body, err := s.Store.Attachment(c.UserContext(), scopeOf(c), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, att.Mime)
	c.Set(fiber.HeaderContentDisposition, attachmentDisposition(att.Filename, "evidence"))
	c.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	return c.Send(body)
}

// attachmentDisposition names a download: an ASCII fallback and the real
// (often Chinese) name in RFC 5987 form.
func attachmentDisposition(name, fallback string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == ';' {
			return -1
		}
		return r
	}, name)
	if i := strings.LastIndexByte(name, '.'); ascii == "" || strings.HasPrefix(ascii, ".") {
		ascii = fallback
		if i >= 0 {
			ascii += name[i:]
		}
	}
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + url.PathEscape(name)
}
