package server

import (
	"io"
	"net/url"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
)

// evidenceBodyLimit is the largest evidence upload: the file plus the multipart envelope.
const evidenceBodyLimit = queries.MaxAttachmentSize + 64<<10

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
	return s.Flow.AddAttachment(c.UserContext(), s.actorOf(c), kind, id, fh.Filename, body)
}

// downloadFile sends an evidence file the user may see, always as a
// download of its sniffed type, so that no upload renders in the page.
func (s *Server) downloadFile(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	att, body, err := s.view(c).Attachment(c.UserContext(), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, att.Mime)
	c.Set(fiber.HeaderContentDisposition, attachmentDisposition(att.Filename, "evidence"))
	c.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	return c.Send(body)
}

// attachmentDisposition names a download: the real (often Chinese) name in
// RFC 5987 form and, for clients that read only filename=, the name itself
// when it is plain ASCII, else the ASCII fallback with its extension (never
// the name with its Chinese stripped: "2025年第4季度" is not "20254").
// Both are sanitised (safeFileName): names come from imported data.
func attachmentDisposition(name, fallback string) string {
	name = safeFileName(name)
	ascii := name
	if strings.IndexFunc(name, func(r rune) bool { return r > 0x7e }) >= 0 {
		ascii = safeFileName(fallback + path.Ext(name))
	}
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + url.PathEscape(name)
}

// maxFileName bounds a download's name, in characters.
const maxFileName = 120

// safeFileName makes a name every system can save: no control characters,
// path separators or characters Windows refuses (\ / : * ? " < > |) nor ';',
// no leading or trailing dots and spaces, at most maxFileName characters
// (keeping the extension); "download" when nothing is left.
func safeFileName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`\/:*?"<>|;`, r) {
			return '_'
		}
		if queries.IsBidiControl(r) {
			return -1 // files stored before the upload stripped them
		}
		return r
	}, name)
	name = strings.Trim(name, ". ")
	if rs := []rune(name); len(rs) > maxFileName {
		ext := []rune(path.Ext(name))
		if len(ext) > 10 {
			ext = nil
		}
		name = string(rs[:maxFileName-len(ext)]) + string(ext)
	}
	if name == "" || strings.Trim(name, "_") == "" {
		return "download"
	}
	return name
}
