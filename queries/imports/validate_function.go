package imports

// functionKindCheck: a function code is for departments only (SPEC §1.1).
const functionKindCheck = `SELECT row_no, 'function', 'function_kind', kind, NULL, NULL FROM s
	WHERE "function" IS NOT NULL AND lower(coalesce(kind, '')) <> 'department'`

// functionDupCheck: a function code given in the file is unique among the
// departments of one bureau — the file's departments and the stored ones
// the file does not replace, each with its own code or its code's suffix.
const functionDupCheck = `WITH d AS (
	SELECT row_no, code, parent_code, coalesce("function", regexp_extract(code, '-([^-]*)$', 1)) AS fn, "function" IS NOT NULL AS given
	FROM s WHERE lower(kind) = 'department' AND code IS NOT NULL
	UNION ALL
	SELECT NULL, u.code, u.parent_code, ` + "coalesce(nullif(u.\"function\", ''), regexp_extract(u.code, '-([^-]*)$', 1))" + `, false
	FROM units u WHERE u.kind = 'department' AND u.code NOT IN (SELECT code FROM s WHERE code IS NOT NULL))
SELECT a.row_no, 'function', 'dup_function', a.fn, a.parent_code, b.code FROM d a JOIN d b
	ON a.parent_code = b.parent_code AND a.fn = b.fn AND a.code <> b.code
WHERE a.given AND a.row_no IS NOT NULL AND a.fn <> ''
QUALIFY row_number() OVER (PARTITION BY a.row_no ORDER BY b.code) = 1`
