//! How WebKitGTK draws the window.
//!
//! WebKit's on-demand GPU compositing costs a one-off stall of 110–350 ms the first time a
//! scrollable pane or the editor is composited (measured under Xvfb's software GL, see
//! bench/viewer_50mb.sh), and a text-and-list UI gains nothing from it: no WebGL, video or
//! 3D transforms. So Snowpost draws without it unless `SNOWPOST_GPU=1` asks otherwise.

use tauri::{Runtime, WebviewWindow};

/// `SNOWPOST_GPU=1` (or `true`) keeps WebKit's own GPU policy.
pub fn wants_gpu(value: Option<&str>) -> bool {
    matches!(value.map(str::trim), Some("1" | "true" | "yes"))
}

pub fn configure<R: Runtime>(window: &WebviewWindow<R>) {
    if wants_gpu(std::env::var("SNOWPOST_GPU").ok().as_deref()) {
        return;
    }
    #[cfg(target_os = "linux")]
    {
        let result = window.with_webview(|webview| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(e) = result {
            eprintln!("Snowpost could not set the rendering policy: {e}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

#[cfg(test)]
mod tests {
    use super::wants_gpu;

    #[test]
    fn gpu_only_when_asked() {
        assert!(!wants_gpu(None));
        assert!(!wants_gpu(Some("")));
        assert!(!wants_gpu(Some("0")));
        assert!(wants_gpu(Some("1")));
        assert!(wants_gpu(Some(" true ")));
    }
}
