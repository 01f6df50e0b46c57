fn main() -> std::process::ExitCode {
    orgadm::cli::run()
}
