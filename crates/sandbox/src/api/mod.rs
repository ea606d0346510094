//! `/api/now/*`: authentication, rate limiting, then the individual APIs.

mod aggregate;
mod attachment;
mod auth;
mod batch;
mod body;
mod import_set;
mod multipart;
mod params;
mod route;
mod scripted;
mod table;
mod user;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::response::Response;

use crate::faults::{RateDecision, RateInfo};
use crate::response::{ApiError, Format};
use crate::state::SharedState;
use crate::stats::bump;
use params::Params;
use route::Endpoint;

/// Stands in for the sys_id of the rate limit rule that matched.
const RATE_LIMIT_RULE: &str = "5a7c0a6ec3a2201096b9f9e4e40131aa";

/// An authenticated API request, taken apart.
pub(crate) struct ApiRequest {
    pub method: Method,
    pub path: String,
    pub raw_query: Option<String>,
    pub params: Params,
    pub request: Request,
    /// Login name of the authenticated user.
    pub user: String,
    pub format: Format,
}

pub(crate) async fn api_endpoint(State(state): State<SharedState>, request: Request) -> Response {
    bump(&state.counters.api_requests);
    let format = Format::from_headers(request.headers());
    let Some(user) = auth::authenticate(&state, request.headers()) else {
        bump(&state.counters.api_unauthorized);
        let mut response = ApiError::NotAuthenticated.into_response(format);
        set(&mut response, "x-is-logged-in", "false".to_string());
        return response;
    };
    let path = request.uri().path().to_string();
    let decision = match route::rate_limited_api(&path) {
        Some(api) => state.faults.count_request(api),
        None => RateDecision::Unlimited,
    };
    let mut response = match &decision {
        RateDecision::Exceeded(info) => {
            let mut r = ApiError::RateLimited(rate_detail(info)).into_response(format);
            set(&mut r, "retry-after", info.retry_after.to_string());
            r
        }
        _ => {
            let api_request = ApiRequest {
                method: request.method().clone(),
                raw_query: request.uri().query().map(str::to_string),
                params: Params::parse(request.uri().query()),
                path,
                request,
                user,
                format,
            };
            dispatch(&state, api_request)
                .await
                .unwrap_or_else(|e| e.into_response(format))
        }
    };
    if let RateDecision::Allowed(info) | RateDecision::Exceeded(info) = &decision {
        set(
            &mut response,
            "x-ratelimit-limit",
            info.limit.requests.to_string(),
        );
        set(
            &mut response,
            "x-ratelimit-reset",
            info.reset_at.to_string(),
        );
        set(
            &mut response,
            "x-ratelimit-rule",
            RATE_LIMIT_RULE.to_string(),
        );
    }
    set(&mut response, "x-is-logged-in", "true".to_string());
    response
}

async fn dispatch(state: &SharedState, request: ApiRequest) -> Result<Response, ApiError> {
    let Some(endpoint) = route::parse(&request.path) else {
        return scripted::handle(state, request).await;
    };
    match endpoint {
        Endpoint::Table {
            version,
            table,
            sys_id,
        } => table::handle(state, request, version, table, sys_id).await,
        Endpoint::Stats { table } => aggregate::handle(state, &request, &table),
        Endpoint::CurrentUser => user::handle(state, &request),
        Endpoint::Attachment(path) => attachment::handle(state, request, path).await,
        Endpoint::Import {
            staging_table,
            multiple,
        } => import_set::handle(state, request, &staging_table, multiple).await,
        Endpoint::Batch => batch::handle(state, request).await,
    }
}

/// "Rate limit of 100 requests per hour for Table API exceeded"
fn rate_detail(info: &RateInfo) -> String {
    let secs = info.limit.per.as_secs().max(1);
    let window = match secs {
        1 => "second".to_string(),
        60 => "minute".to_string(),
        3600 => "hour".to_string(),
        86_400 => "day".to_string(),
        n => format!("{n} seconds"),
    };
    format!(
        "Rate limit of {} requests per {window} for {} exceeded",
        info.limit.requests,
        info.api.label()
    )
}

fn set(response: &mut Response, name: &'static str, value: String) {
    if let Ok(value) = HeaderValue::from_str(&value) {
        response
            .headers_mut()
            .insert(HeaderName::from_static(name), value);
    }
}
