package server

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"jixiao/dashboards"
	"jixiao/data"
)

// templateExamples is one example row per import table, by canonical
// column name: what a user overwrites. Enumerations take their English
// values, as the importer reads them.
var templateExamples = map[data.Kind]map[string]string{
	data.KindUnits: {"code": "GX0199", "name": "国家税务总局示例县税务局", "parent_code": "GX01", "kind": "bureau", "level": "county"},
	data.KindIndicators: {"code": "D99", "name": "示例指标完成率", "system": "taxsys", "tier": "decision", "unit": "%",
		"direction": "higher", "rule": "linear", "weight": "10", "target": "100", "floor": "80", "lead_dept": "SZ", "coop_depts": "CW,FZ",
		"method": "desk", "source": "manual", "key_task": "false", "valid_from": "2025Q1"},
	data.KindValues:      {"indicator_code": "D01", "unit_code": "GX01", "period": "2025Q4", "actual": "98.5", "note": "示例"},
	data.KindAdjustments: {"unit_code": "GX01", "period": "2025Q4", "kind": "bonus", "points": "1", "reason": "获总局表彰"},
	data.KindUsers:       {"username": "zhangsan", "name": "张三", "unit_code": "GX01", "role": "dept", "password": "Change-me-2025", "auth": "local", "email": "zhangsan@example.gov.cn"},
}

// templateRows are a table's Chinese headers and its example row.
func templateRows(kind data.Kind) (head, example []string) {
	ex := templateExamples[kind]
	for _, f := range data.Tables[kind] {
		head = append(head, f.ChineseHeader())
		example = append(example, ex[f.Name])
	}
	return head, example
}

// TemplateCSV is the import template of kind as CSV: UTF-8 with a BOM (so
// that Excel on Chinese Windows opens it right), Chinese headers, one
// example row.
func TemplateCSV(kind data.Kind) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	head, ex := templateRows(kind)
	if err := w.WriteAll([][]string{head, ex}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TemplateXLSX is the import template of kind as a workbook: a bold,
// frozen header row of Chinese headers, one example row (numbers as
// numbers, codes as text), drop-down lists on enumerated columns and a
// note on each header naming its English column and whether it is required.
func TemplateXLSX(kind data.Kind, lang string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := dashboards.ImportKindName(lang, string(kind))
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E2E8F0"}},
		Border: []excelize.Border{{Type: "bottom", Color: "94A3B8", Style: 1}}})
	if err != nil {
		return nil, err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": codes such as 0101 stay text
	if err != nil {
		return nil, err
	}
	ex := templateExamples[kind]
	for i, fd := range data.Tables[kind] {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return nil, err
		}
		if err := f.SetColWidth(sheet, col, col, max(12, float64(len([]rune(fd.ChineseHeader())))*2.4)); err != nil {
			return nil, err
		}
		if fd.Type != data.TNumber {
			if err := f.SetColStyle(sheet, col, text); err != nil {
				return nil, err
			}
		}
		if err := f.SetCellValue(sheet, col+"1", fd.ChineseHeader()); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(sheet, col+"1", col+"1", bold); err != nil {
			return nil, err
		}
		note := fd.Name
		if fd.Required {
			note += " · " + dashboards.T(lang, "imp_required")
		}
		if len(fd.Enum) > 0 {
			note += ": " + strings.Join(fd.Enum, " | ")
		}
		if err := f.AddComment(sheet, excelize.Comment{Cell: col + "1", Author: "jixiao", Text: note}); err != nil {
			return nil, err
		}
		var v any = ex[fd.Name]
		if fd.Type == data.TNumber && ex[fd.Name] != "" {
			if n, err := strconv.ParseFloat(ex[fd.Name], 64); err == nil {
				v = n
			}
		}
		if v != "" {
			if err := f.SetCellValue(sheet, col+"2", v); err != nil {
				return nil, err
			}
		}
		enum := fd.Enum
		if fd.Type == data.TBool {
			enum = []string{"true", "false"}
		}
		if len(enum) > 0 {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = col + "2:" + col + "100000"
			if err := dv.SetDropList(enum); err != nil {
				return nil, err
			}
			if err := f.AddDataValidation(sheet, dv); err != nil {
				return nil, err
			}
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// template is GET /imports/templates/{kind}.csv|.xlsx, for those who may
// import that table.
func (h *importPages) template(c *fiber.Ctx) error {
	file := c.Params("file")
	name, ext, _ := strings.Cut(file, ".")
	kind, ok := data.ParseKind(name)
	if !ok || name != string(kind) || (ext != "csv" && ext != "xlsx") {
		p, _ := h.page(c)
		return h.fail(c, p, fiber.ErrNotFound)
	}
	if !h.canImport(c, kind) {
		p, _ := h.page(c)
		return h.forbidden(c, p)
	}
	lang := langOf(c)
	var body []byte
	var err error
	if ext == "csv" {
		body, err = TemplateCSV(kind)
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	} else {
		body, err = TemplateXLSX(kind, lang)
		c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	if err != nil {
		return err
	}
	// 指标台账导入模板.csv, with an ASCII fallback for old clients.
	local := dashboards.ImportKindName(lang, string(kind)) + dashboards.T(lang, "imp_template_suffix") + "." + ext
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s-template.%s"; filename*=UTF-8''%s`, kind, ext, url.PathEscape(local)))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(body)
}
