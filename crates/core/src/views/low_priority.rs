//! Heavy viewer work (pretty-printing a big body) on a thread of its own at a lower CPU
//! priority: on a 2-core machine the window's threads then get the CPU first and keep drawing
//! frames while the whole body is formatted.

/// Runs `work` on a scoped thread with nice 10 and returns what it returns.
pub fn run<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        s.spawn(|| {
            lower_this_thread();
            work()
        })
        .join()
    })
    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

#[cfg(target_os = "linux")]
fn lower_this_thread() {
    // Nice is per thread on Linux. The thread ends with the work, so nothing needs restoring
    // (an unprivileged thread could not raise it back anyway). Best effort: a refusal only
    // means the work runs at normal priority.
    // SAFETY: two syscalls about the calling thread; no memory is shared with them.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_this_thread() {}

#[cfg(test)]
mod tests {
    #[test]
    fn the_work_runs_at_a_lower_priority_and_returns_its_value() {
        let body = vec![b'x'; 1000];
        let (len, nice) = super::run(|| {
            #[cfg(target_os = "linux")]
            // SAFETY: reads the calling thread's nice value.
            let nice = unsafe {
                let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
                libc::getpriority(libc::PRIO_PROCESS, tid)
            };
            #[cfg(not(target_os = "linux"))]
            let nice = 10;
            (body.len(), nice)
        });
        assert_eq!(len, 1000);
        assert!(nice >= 10, "nice {nice}");
    }
}
