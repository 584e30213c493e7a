"""Checking a PostgreSQL statement with PostgreSQL's own parser (pglast) before `newsdb sql` runs it.

The database role newsdb switches to is what keeps a query from reading files or writing; this check closes what
a role cannot: more than one statement, statements other than queries (`SET`, `RESET`, `COPY`, `LOCK`, ...),
and functions that would switch the role back, change the time limit, take advisory locks or run SQL text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pglast import ast, parse_sql
from pglast.parser import ParseError
from pglast.visitors import Visitor

from newsdb.readonly.denied import DeniedFunctions, denied_functions
from newsdb.readonly.result import SqlQueryError

_MODIFYING = {
    "InsertStmt": "INSERT",
    "UpdateStmt": "UPDATE",
    "DeleteStmt": "DELETE",
    "MergeStmt": "MERGE",
}
_KEYWORDS = {"VariableSet": "SET/RESET", "VariableShow": "SHOW", "Transaction": "transaction control"}
ALLOWED = "SELECT, VALUES, TABLE, WITH … SELECT and EXPLAIN of those"


@dataclass(frozen=True, slots=True)
class CheckedStatement:
    """One statement that passed the check: its text without the surrounding `;` and comments."""

    text: str
    is_explain: bool  # EXPLAIN cannot be run through a cursor (DECLARE takes only a query)


def check_statement(sql: str) -> CheckedStatement:
    """The single read-only statement in `sql`, or SqlQueryError saying what is refused."""
    try:
        statements = parse_sql(sql)
    except ParseError as exc:
        raise SqlQueryError(f"cannot read the SQL: {exc.args[0]}") from None
    if len(statements) != 1:
        raise SqlQueryError(f"newsdb sql runs exactly one statement, got {len(statements)}")
    raw = statements[0]
    top = raw.stmt
    query = top.query if isinstance(top, ast.ExplainStmt) else top
    if not isinstance(query, ast.SelectStmt):
        assert query is not None
        raise SqlQueryError(f"newsdb sql only reads: {_keyword(query)} is refused (allowed: {ALLOWED})")
    _Refusals(denied_functions("postgresql"))(raw)
    start = raw.stmt_location or 0
    text = sql[start : start + raw.stmt_len] if raw.stmt_len else sql[start:]
    return CheckedStatement(text, isinstance(top, ast.ExplainStmt))


def _keyword(node: ast.Node) -> str:
    """`CopyStmt` -> `COPY`, `CreateTableAsStmt` -> `CREATE TABLE AS`: the statement as its user wrote it."""
    name = type(node).__name__.removesuffix("Stmt")
    return _KEYWORDS.get(name) or " ".join(re.findall(r"[A-Z][a-z]*", name)).upper()


class _Refusals(Visitor):
    """Walks every node of the statement and raises SqlQueryError at the first thing refused."""

    def __init__(self, denied: DeniedFunctions) -> None:
        super().__init__()
        self.denied = denied

    def visit(self, _ancestors: Any, node: ast.Node) -> None:
        kind = type(node).__name__
        if kind in _MODIFYING:
            raise SqlQueryError(f"newsdb sql only reads: {_MODIFYING[kind]} is refused")
        if isinstance(node, ast.SelectStmt):
            if node.intoClause is not None:
                raise SqlQueryError("newsdb sql only reads: SELECT INTO is refused (it creates a table)")
            if node.lockingClause:
                raise SqlQueryError("newsdb sql only reads: FOR UPDATE/SHARE is refused (it locks rows)")
        elif isinstance(node, ast.FuncCall):
            self._check_name(".".join(str(part.sval) for part in node.funcname or ()))
        elif isinstance(node, ast.ColumnRef | ast.A_Indirection):
            # `(value).function` is another way to call a function of one argument
            for field in (node.fields if isinstance(node, ast.ColumnRef) else node.indirection) or ():
                if isinstance(field, ast.String) and field.sval:
                    self._check_name(field.sval)

    def _check_name(self, qualified: str) -> None:
        name = qualified.rsplit(".", 1)[-1]
        reason = self.denied.reason(name)
        if reason is not None:
            raise SqlQueryError(f"newsdb sql does not call {qualified}(): {reason}")
