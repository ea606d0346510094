//! ServiceNow encoded queries (`sysparm_query`): parsing and evaluation.
//!
//! `^` is AND, `^OR` ORs a condition with the one before it (binding tighter than AND, so
//! `a=1^ORa=2^b=3` is `(a=1 OR a=2) AND b=3`), `^NQ` starts a new query ORed with the
//! previous ones, `ORDERBY<f>`/`ORDERBYDESC<f>` sort. `^^` is a literal `^`. As on a real
//! instance, parts that cannot be parsed and conditions on unknown fields are ignored.

use std::cmp::Ordering;

/// A parsed encoded query.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct EncodedQuery {
    /// Alternatives separated by `^NQ`; a record matches when any of them does.
    groups: Vec<Group>,
    order: Vec<OrderBy>,
}

/// Conjunction of disjunctions: every clause must hold, a clause holds when any of its
/// conditions does.
#[derive(Debug, Clone, Default, PartialEq)]
struct Group {
    clauses: Vec<Vec<Condition>>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Condition {
    field: String,
    op: Op,
    value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OrderBy {
    pub field: String,
    pub descending: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Like,
    NotLike,
    StartsWith,
    EndsWith,
    In,
    NotIn,
    IsEmpty,
    IsNotEmpty,
    Anything,
}

/// Longest symbols first, so `!=` is not read as `=` and `NOT LIKE` not as `NOT`.
const OPERATORS: &[(&str, Op)] = &[
    ("!=", Op::Ne),
    (">=", Op::Ge),
    ("<=", Op::Le),
    ("=", Op::Eq),
    (">", Op::Gt),
    ("<", Op::Lt),
    ("NOT LIKE", Op::NotLike),
    ("NOT IN", Op::NotIn),
    ("LIKE", Op::Like),
    ("STARTSWITH", Op::StartsWith),
    ("ENDSWITH", Op::EndsWith),
    ("ISNOTEMPTY", Op::IsNotEmpty),
    ("ISEMPTY", Op::IsEmpty),
    ("ANYTHING", Op::Anything),
    ("IN", Op::In),
];

impl EncodedQuery {
    pub fn parse(input: &str) -> Self {
        let mut query = EncodedQuery::default();
        let mut group = Group::default();
        for part in split_parts(input) {
            let mut part = part.as_str();
            if let Some(rest) = part.strip_prefix("NQ") {
                query.push_group(std::mem::take(&mut group));
                part = rest;
            }
            if part.is_empty() || part == "EQ" || part.starts_with("GROUPBY") {
                continue;
            }
            if let Some(field) = part.strip_prefix("ORDERBYDESC") {
                query.push_order(field, true);
            } else if let Some(field) = part.strip_prefix("ORDERBY") {
                query.push_order(field, false);
            } else if let Some(rest) = part.strip_prefix("OR") {
                if let Some(cond) = Condition::parse(rest) {
                    match group.clauses.last_mut() {
                        Some(clause) => clause.push(cond),
                        None => group.clauses.push(vec![cond]),
                    }
                }
            } else if let Some(cond) = Condition::parse(part) {
                group.clauses.push(vec![cond]);
            }
        }
        query.push_group(group);
        query
    }

    fn push_group(&mut self, group: Group) {
        if !group.clauses.is_empty() {
            self.groups.push(group);
        }
    }

    fn push_order(&mut self, field: &str, descending: bool) {
        if is_field_name(field) {
            self.order.push(OrderBy {
                field: field.to_string(),
                descending,
            });
        }
    }

    /// The sort keys, in priority order.
    pub fn order(&self) -> &[OrderBy] {
        &self.order
    }

    /// Whether a record matches. `get` returns a field's value, `""` when the record lacks a
    /// field its table has, and `None` for a field the table does not have at all, which
    /// makes the condition be ignored.
    pub fn matches<F>(&self, get: F) -> bool
    where
        F: Fn(&str) -> Option<String>,
    {
        self.groups.is_empty() || self.groups.iter().any(|g| g.matches(&get))
    }
}

impl Group {
    fn matches<F>(&self, get: &F) -> bool
    where
        F: Fn(&str) -> Option<String>,
    {
        self.clauses.iter().all(|clause| {
            let mut considered = false;
            for cond in clause {
                if let Some(value) = get(&cond.field) {
                    if cond.holds(&value) {
                        return true;
                    }
                    considered = true;
                }
            }
            // A clause made only of ignored conditions does not filter.
            !considered
        })
    }
}

impl Condition {
    fn parse(part: &str) -> Option<Condition> {
        let field_len = part.bytes().take_while(|b| is_field_byte(*b)).count();
        if field_len == 0 {
            return None;
        }
        let (field, rest) = part.split_at(field_len);
        let (symbol, op) = OPERATORS.iter().find(|(sym, _)| rest.starts_with(sym))?;
        Some(Condition {
            field: field.to_string(),
            op: *op,
            value: rest[symbol.len()..].to_string(),
        })
    }

    fn holds(&self, actual: &str) -> bool {
        let wanted = self.value.as_str();
        let lower = || (actual.to_lowercase(), wanted.to_lowercase());
        match self.op {
            Op::Eq => actual == wanted,
            Op::Ne => actual != wanted,
            Op::Gt => compare_values(actual, wanted) == Ordering::Greater,
            Op::Ge => compare_values(actual, wanted) != Ordering::Less,
            Op::Lt => compare_values(actual, wanted) == Ordering::Less,
            Op::Le => compare_values(actual, wanted) != Ordering::Greater,
            Op::Like => {
                let (a, w) = lower();
                a.contains(&w)
            }
            Op::NotLike => {
                let (a, w) = lower();
                !a.contains(&w)
            }
            Op::StartsWith => {
                let (a, w) = lower();
                a.starts_with(&w)
            }
            Op::EndsWith => {
                let (a, w) = lower();
                a.ends_with(&w)
            }
            Op::In => wanted.split(',').any(|v| v == actual),
            Op::NotIn => !wanted.split(',').any(|v| v == actual),
            Op::IsEmpty => actual.is_empty(),
            Op::IsNotEmpty => !actual.is_empty(),
            Op::Anything => true,
        }
    }
}

/// Compares field values numerically when both are numbers, else as text (which also orders
/// ServiceNow date-times correctly).
pub(crate) fn compare_values(a: &str, b: &str) -> Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a.cmp(b),
    }
}

fn is_field_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.'
}

fn is_field_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_field_byte)
}

/// Splits on `^`, reading `^^` as a literal caret.
fn split_parts(input: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '^' {
            if chars.peek() == Some(&'^') {
                chars.next();
                current.push('^');
            } else {
                parts.push(std::mem::take(&mut current));
            }
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record<'a>(fields: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            fields
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn matches(query: &str, fields: &[(&str, &str)]) -> bool {
        EncodedQuery::parse(query).matches(record(fields))
    }

    #[test]
    fn equality_and_inequality() {
        let r = [("active", "true"), ("priority", "2")];
        assert!(matches("active=true", &r));
        assert!(!matches("active=false", &r));
        assert!(matches("priority!=1", &r));
        assert!(!matches("priority!=2", &r));
    }

    #[test]
    fn text_operators_ignore_case() {
        let r = [("short_description", "Email server is DOWN")];
        assert!(matches("short_descriptionLIKEserver", &r));
        assert!(matches("short_descriptionSTARTSWITHemail", &r));
        assert!(matches("short_descriptionENDSWITHdown", &r));
        assert!(!matches("short_descriptionSTARTSWITHserver", &r));
        assert!(matches("short_descriptionNOT LIKEprinter", &r));
    }

    #[test]
    fn or_binds_tighter_than_and() {
        let q = "a=1^ORa=2^b=3";
        assert!(matches(q, &[("a", "1"), ("b", "3")]));
        assert!(matches(q, &[("a", "2"), ("b", "3")]));
        assert!(!matches(q, &[("a", "2"), ("b", "4")]));
        assert!(!matches(q, &[("a", "5"), ("b", "3")]));
    }

    #[test]
    fn new_query_is_an_alternative() {
        let q = "a=1^b=2^NQa=9";
        assert!(matches(q, &[("a", "1"), ("b", "2")]));
        assert!(matches(q, &[("a", "9"), ("b", "0")]));
        assert!(!matches(q, &[("a", "1"), ("b", "0")]));
    }

    #[test]
    fn invalid_parts_and_unknown_fields_are_ignored() {
        let r = [("a", "1")];
        assert!(matches("garbage^a=1", &r));
        assert!(matches("nosuchfield=5^a=1", &r));
        assert!(matches("=x^^^", &r));
        assert!(matches("", &r));
        assert!(!matches("nosuchfield=5^a=2", &r));
    }

    #[test]
    fn comparisons_are_numeric_when_possible() {
        let r = [("count", "10"), ("when", "2024-05-01 10:00:00")];
        assert!(matches("count>9", &r));
        assert!(matches("count>=10^count<=10", &r));
        assert!(!matches("count<9", &r));
        assert!(matches("when>2024-04-30 23:59:59", &r));
    }

    #[test]
    fn in_and_emptiness() {
        let r = [("state", "2"), ("caller_id", "")];
        assert!(matches("stateIN1,2,3", &r));
        assert!(!matches("stateNOT IN1,2,3", &r));
        assert!(matches("caller_idISEMPTY", &r));
        assert!(!matches("caller_idISNOTEMPTY", &r));
    }

    #[test]
    fn order_clauses() {
        let q = EncodedQuery::parse("active=true^ORDERBYpriority^ORDERBYDESCnumber");
        assert_eq!(
            q.order(),
            &[
                OrderBy {
                    field: "priority".into(),
                    descending: false
                },
                OrderBy {
                    field: "number".into(),
                    descending: true
                },
            ]
        );
        assert!(q.matches(record(&[("active", "true")])));
    }

    #[test]
    fn escaped_caret_is_literal() {
        assert!(matches("title=a^^b", &[("title", "a^b")]));
    }
}
