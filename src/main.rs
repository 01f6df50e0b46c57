/// mimalloc instead of glibc's allocator: profiles of `apply` and of
/// `serve` answering pages of people spent a quarter of their time in
/// malloc and free (glibc's arenas contended by the server's threads).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    orgadm::cli::run()
}
