//! ServiceNow encoded queries (`sysparm_query`) as rows for a query builder, and back.
//!
//! Parsing never fails: ServiceNow silently ignores parts it cannot read, so a part this module
//! does not understand (`EQ`, `RLQUERY…^ENDRLQUERY`, `GROUPBY…`, a typo) is kept verbatim in
//! `unparsed` and written back where it stood, so pasting a query and re-encoding it never
//! changes its meaning.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How a condition attaches to the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Join {
    /// `^`
    #[default]
    And,
    /// `^OR`: binds to the single condition before it.
    Or,
    /// `^NQ`: starts a new group, OR-ed with the previous groups.
    NewQuery,
}

impl Join {
    fn prefix(self) -> &'static str {
        match self {
            Join::And => "",
            Join::Or => "OR",
            Join::NewQuery => "NQ",
        }
    }
}

macro_rules! operators {
    (
        listed { $($variant:ident = $token:literal, $label:literal, $takes_value:literal;)+ }
        unlisted { $($xvariant:ident = $xtoken:literal, $xlabel:literal, $xtakes_value:literal;)* }
    ) => {
        /// A condition operator; serialised as ServiceNow's own token (`"!="`, `"NOT LIKE"` …)
        /// so the UI can show and send it as is.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
        pub enum Operator {
            $(#[serde(rename = $token)] $variant,)+
            $(#[serde(rename = $xtoken)] $xvariant,)*
        }

        impl Operator {
            /// The operators a query builder offers, in the order it lists them.
            pub const ALL: &'static [Operator] = &[$(Operator::$variant,)+];

            /// Every operator the parser reads, including alternative spellings.
            const READ: &'static [Operator] = &[$(Operator::$variant,)+ $(Operator::$xvariant,)*];

            /// The token as written in an encoded query.
            pub fn token(self) -> &'static str {
                match self {
                    $(Operator::$variant => $token,)+
                    $(Operator::$xvariant => $xtoken,)*
                }
            }

            /// What the ServiceNow filter UI calls it.
            pub fn label(self) -> &'static str {
                match self {
                    $(Operator::$variant => $label,)+
                    $(Operator::$xvariant => $xlabel,)*
                }
            }

            /// Whether a value follows the token (`ISEMPTY` and friends stand alone).
            pub fn takes_value(self) -> bool {
                match self {
                    $(Operator::$variant => $takes_value,)+
                    $(Operator::$xvariant => $xtakes_value,)*
                }
            }
        }
    };
}

operators! {
    listed {
    Equals = "=", "is", true;
    NotEquals = "!=", "is not", true;
    Like = "LIKE", "contains", true;
    NotLike = "NOT LIKE", "does not contain", true;
    StartsWith = "STARTSWITH", "starts with", true;
    EndsWith = "ENDSWITH", "ends with", true;
    In = "IN", "is one of", true;
    NotIn = "NOT IN", "is not one of", true;
    LessThan = "<", "less than", true;
    LessOrEqual = "<=", "less than or is", true;
    GreaterThan = ">", "greater than", true;
    GreaterOrEqual = ">=", "greater than or is", true;
    IsEmpty = "ISEMPTY", "is empty", false;
    IsNotEmpty = "ISNOTEMPTY", "is not empty", false;
    Anything = "ANYTHING", "is anything", false;
    EmptyString = "EMPTYSTRING", "is empty string", false;
    Between = "BETWEEN", "between (a@b)", true;
    On = "ON", "on", true;
    NotOn = "NOTON", "not on", true;
    RelativeAfter = "RELATIVEGT", "relative after", true;
    RelativeBefore = "RELATIVELT", "relative before", true;
    RelativeOnOrAfter = "RELATIVEGE", "relative on or after", true;
    RelativeOnOrBefore = "RELATIVELE", "relative on or before", true;
    RelativeOn = "RELATIVEEE", "relative on", true;
    DatePart = "DATEPART", "trend", true;
    MoreThan = "MORETHAN", "is more than", true;
    LessThanAgo = "LESSTHAN", "is less than", true;
    SameAs = "SAMEAS", "is same as", true;
    NotSameAs = "NSAMEAS", "is different from", true;
    GreaterThanField = "GT_FIELD", "greater than field", true;
    LessThanField = "LT_FIELD", "less than field", true;
    GreaterOrEqualField = "GT_OR_EQUALS_FIELD", "greater than or is field", true;
    LessOrEqualField = "LT_OR_EQUALS_FIELD", "less than or is field", true;
    Dynamic = "DYNAMIC", "is (dynamic)", true;
    InstanceOf = "INSTANCEOF", "is a", true;
    ValueChanges = "VALCHANGES", "changes", false;
    ChangesFrom = "CHANGESFROM", "changes from", true;
    ChangesTo = "CHANGESTO", "changes to", true;
    }
    unlisted {
    // The SDK's spelling of NOT LIKE: read and written back as is, but not offered.
    NotLikeCompact = "NOTLIKE", "does not contain", true;
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.token())
    }
}

/// Tokens to try at one position, longest first, so `!=` wins over `=`, `<=` over `<`,
/// `NOT LIKE` over nothing and `ISNOTEMPTY` over `IN`.
fn tokens_longest_first() -> Vec<(&'static str, Operator)> {
    let mut all: Vec<_> = Operator::READ.iter().map(|o| (o.token(), *o)).collect();
    all.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
    all
}

/// One row of the builder: `field` `operator` `value`, joined to the rows before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct QueryCondition {
    pub join: Join,
    /// A column, possibly dot-walked (`caller_id.vip`).
    pub field: String,
    pub operator: Operator,
    /// As written: a list is `a,b`, a range `a@b`; empty for operators without a value.
    pub value: String,
}

impl QueryCondition {
    pub fn new(field: impl Into<String>, operator: Operator, value: impl Into<String>) -> Self {
        QueryCondition {
            join: Join::And,
            field: field.into(),
            operator,
            value: value.into(),
        }
    }

    pub fn with_join(mut self, join: Join) -> Self {
        self.join = join;
        self
    }

    fn encode_into(&self, out: &mut String) {
        out.push_str(self.join.prefix());
        out.push_str(&self.field);
        out.push_str(self.operator.token());
        out.push_str(&self.value);
    }

    /// `field` `op` `value` without a join prefix; `None` when it is not a condition.
    fn parse(part: &str, join: Join, tokens: &[(&'static str, Operator)]) -> Option<Self> {
        for (i, c) in part.char_indices() {
            let rest = &part[i..];
            if let Some((token, op)) = tokens.iter().find(|(t, _)| rest.starts_with(t)) {
                if i == 0 {
                    return None;
                }
                return Some(QueryCondition {
                    join,
                    field: part[..i].to_string(),
                    operator: *op,
                    value: rest[token.len()..].to_string(),
                });
            }
            if !(c.is_ascii_alphanumeric() || c == '_' || c == '.') {
                return None;
            }
        }
        None
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct QueryOrder {
    pub field: String,
    pub descending: bool,
}

/// Where each part stood, so a parsed query re-encodes to exactly the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Condition,
    Order,
    Unparsed,
}

/// A whole `sysparm_query`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct EncodedQuery {
    pub conditions: Vec<QueryCondition>,
    pub order: Vec<QueryOrder>,
    /// Parts this module does not model, verbatim (`EQ`, `RLQUERY…^ENDRLQUERY`, junk).
    pub unparsed: Vec<String>,
    /// The original order of the parts; ignored once rows are added or removed.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    layout: Vec<Slot>,
}

impl PartialEq for EncodedQuery {
    fn eq(&self, other: &Self) -> bool {
        self.conditions == other.conditions
            && self.order == other.order
            && self.unparsed == other.unparsed
    }
}

impl Eq for EncodedQuery {}

impl EncodedQuery {
    pub fn new(conditions: Vec<QueryCondition>, order: Vec<QueryOrder>) -> Self {
        EncodedQuery {
            conditions,
            order,
            ..Default::default()
        }
    }

    pub fn parse(query: &str) -> EncodedQuery {
        let mut q = EncodedQuery::default();
        if query.is_empty() {
            return q;
        }
        let tokens = tokens_longest_first();
        let mut parts = query.split('^');
        while let Some(part) = parts.next() {
            // Related-list and sub-queries hold their own `^`-separated conditions: one opaque
            // chunk up to the matching END marker, so their conditions are not read as ours.
            if opens_nested(part) {
                let mut chunk = part.to_string();
                let mut depth = 1;
                for inner in parts.by_ref() {
                    chunk.push('^');
                    chunk.push_str(inner);
                    if opens_nested(inner) {
                        depth += 1;
                    } else if is_end_marker(inner) {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                }
                q.push_unparsed(chunk);
                continue;
            }
            if let Some(field) = part.strip_prefix("ORDERBYDESC") {
                q.push_order(part, field, true);
            } else if let Some(field) = part.strip_prefix("ORDERBY") {
                q.push_order(part, field, false);
            } else if let Some(rest) = part.strip_prefix("NQ") {
                q.push_condition(part, rest, Join::NewQuery, &tokens);
            } else if let Some(rest) = part.strip_prefix("OR") {
                q.push_condition(part, rest, Join::Or, &tokens);
            } else {
                q.push_condition(part, part, Join::And, &tokens);
            }
        }
        q
    }

    fn push_unparsed(&mut self, part: String) {
        self.unparsed.push(part);
        self.layout.push(Slot::Unparsed);
    }

    fn push_order(&mut self, part: &str, field: &str, descending: bool) {
        if is_field(field) {
            self.order.push(QueryOrder {
                field: field.to_string(),
                descending,
            });
            self.layout.push(Slot::Order);
        } else {
            self.push_unparsed(part.to_string());
        }
    }

    fn push_condition(
        &mut self,
        part: &str,
        rest: &str,
        join: Join,
        tokens: &[(&'static str, Operator)],
    ) {
        match QueryCondition::parse(rest, join, tokens) {
            Some(c) => {
                self.conditions.push(c);
                self.layout.push(Slot::Condition);
            }
            None => self.push_unparsed(part.to_string()),
        }
    }

    /// The `sysparm_query` text.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        let mut first = true;
        let mut sep = |out: &mut String| {
            if !first {
                out.push('^');
            }
            first = false;
        };
        if self.layout_matches() {
            let (mut c, mut o, mut u) = (0, 0, 0);
            for slot in &self.layout {
                sep(&mut out);
                match slot {
                    Slot::Condition => {
                        self.conditions[c].encode_into(&mut out);
                        c += 1;
                    }
                    Slot::Order => {
                        encode_order(&self.order[o], &mut out);
                        o += 1;
                    }
                    Slot::Unparsed => {
                        out.push_str(&self.unparsed[u]);
                        u += 1;
                    }
                }
            }
            return out;
        }
        // ServiceNow's own order: conditions, then markers such as `EQ`, then ORDERBY.
        for c in &self.conditions {
            sep(&mut out);
            c.encode_into(&mut out);
        }
        for u in &self.unparsed {
            sep(&mut out);
            out.push_str(u);
        }
        for o in &self.order {
            sep(&mut out);
            encode_order(o, &mut out);
        }
        out
    }

    fn layout_matches(&self) -> bool {
        let count = |s: Slot| self.layout.iter().filter(|l| **l == s).count();
        !self.layout.is_empty()
            && count(Slot::Condition) == self.conditions.len()
            && count(Slot::Order) == self.order.len()
            && count(Slot::Unparsed) == self.unparsed.len()
    }
}

impl fmt::Display for EncodedQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

fn encode_order(o: &QueryOrder, out: &mut String) {
    out.push_str(if o.descending {
        "ORDERBYDESC"
    } else {
        "ORDERBY"
    });
    out.push_str(&o.field);
}

fn is_field(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// A related-list or sub-query, closed by `ENDRLQUERY` / `ENDSUBQUERY`.
fn opens_nested(part: &str) -> bool {
    part.starts_with("RLQUERY") || part.starts_with("SUBQUERY")
}

fn is_end_marker(part: &str) -> bool {
    part == "ENDRLQUERY" || part == "ENDSUBQUERY"
}

#[cfg(test)]
mod tests;
