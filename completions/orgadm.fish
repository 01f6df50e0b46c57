# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_orgadm_global_optspecs
    string join \n db= config= as= json y/yes q/quiet color= h/help V/version
end

function __fish_orgadm_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_orgadm_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_orgadm_using_subcommand
    set -l cmd (__fish_orgadm_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c orgadm -n "__fish_orgadm_needs_command" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_needs_command" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_needs_command" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_needs_command" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_needs_command" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_needs_command" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_needs_command" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c orgadm -n "__fish_orgadm_needs_command" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_needs_command" -f -a "init" -d 'Create the database and its first active org-admin'
complete -c orgadm -n "__fish_orgadm_needs_command" -f -a "user" -d 'Invite, edit, remove, list and show people'
complete -c orgadm -n "__fish_orgadm_needs_command" -f -a "invite" -d 'The Invited Users view: list, edit, resend, revoke, accept invitations'
complete -c orgadm -n "__fish_orgadm_needs_command" -f -a "group" -d 'Groups: members inherit the group\'s roles'
complete -c orgadm -n "__fish_orgadm_needs_command" -f -a "role" -d 'The roles and what each may do'
complete -c orgadm -n "__fish_orgadm_needs_command" -f -a "whoami" -d 'Show the acting person and their effective roles'
complete -c orgadm -n "__fish_orgadm_needs_command" -f -a "audit" -d 'The audit log, newest first; `audit verify` checks its hash chain'
complete -c orgadm -n "__fish_orgadm_needs_command" -f -a "apply" -d 'Make the organization match a TOML file of groups and users'
complete -c orgadm -n "__fish_orgadm_needs_command" -f -a "export" -d 'Print the organization in the format `apply` reads'
complete -c orgadm -n "__fish_orgadm_needs_command" -f -a "db" -d 'Copy the organization to another store (SQLite file or PostgreSQL)'
complete -c orgadm -n "__fish_orgadm_needs_command" -f -a "scim" -d 'SCIM 2.0 for identity providers: the tokens `orgadm serve` accepts'
complete -c orgadm -n "__fish_orgadm_needs_command" -f -a "serve" -d 'Serve the page an invitee opens from the email link, with its Accept button'
complete -c orgadm -n "__fish_orgadm_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c orgadm -n "__fish_orgadm_needs_command" -f -a "man" -d 'Write the man pages into a folder'
complete -c orgadm -n "__fish_orgadm_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand init" -l admin -d 'The first org-admin\'s email; also written as `actor` to the config' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand init" -l name -d 'The first admin\'s display name [default: the email\'s local part]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand init" -l org -d 'The organization\'s name, used in messages and emails [default: the admin\'s email domain]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand init" -l invite-url -d 'Where invitees accept, written to the config as `invite_url`, e.g. https://orgadm.example.com/join?token={token} (what `orgadm serve` serves)' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand init" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand init" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand init" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand init" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand init" -l dry-run -d 'Print the change and its impact; change nothing and never ask'
complete -c orgadm -n "__fish_orgadm_using_subcommand init" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand init" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand init" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand init" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand init" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -f -a "add" -d 'Invite a person: at least one role or group; sends the invitation'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -f -a "edit" -d 'Change an invited or active person (also "Edit Invitation")'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -f -a "remove" -d 'Remove an active person, or revoke an invited person\'s invitation'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -f -a "list" -d 'List people'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -f -a "show" -d 'One person: state, direct roles, groups, and where each effective role comes from'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -f -a "suspend" -d 'Take an active person\'s access away, keeping their roles and groups'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -f -a "unsuspend" -d 'Give a suspended person their access back'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and not __fish_seen_subcommand_from add edit remove list show suspend unsuspend help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -l email -d 'The person\'s email address' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -l name -d 'The person\'s display name' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -l role -d 'A role to give directly (org-admin, user, finance-admin); repeatable' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -l group -d 'A group to put the person in; repeatable' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -l expires-in -d 'How long the invitation stays valid, e.g. 90m, 36h, 7d [default: invite_ttl or 7d]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -l no-email -d 'Send nothing: print the accept link (or, without invite_url, the token) instead'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -l dry-run -d 'Print the change and its impact; change nothing and never ask'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -l name -d 'A new display name' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -l email -d 'A corrected address for an invited person: rotates the token and sends the invitation again' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -l add-role -d 'Add a role (org-admin, user, finance-admin); repeatable' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -l remove-role -d 'Take a role away; repeatable' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -l set-roles -d 'Replace the roles with exactly these (comma-separated)' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -l add-group -d 'Add the person to a group; repeatable' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -l remove-group -d 'Take the person out of a group; repeatable' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -l no-email -d 'With --email: send nothing, print the new accept link instead'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -l dry-run -d 'Print the change and its impact; change nothing and never ask'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from remove" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from remove" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from remove" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from remove" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from remove" -l dry-run -d 'Print the change and its impact; change nothing and never ask'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from remove" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from list" -l status -d 'Which people to list' -r -f -a "active\t''
invited\t''
suspended\t''
all\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from list" -l role -d 'Only people whose effective roles include this role' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from list" -l group -d 'Only members of this group' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from list" -l search -d 'Only people whose email or name contains this text (case-insensitive)' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from list" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from list" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from list" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from list" -l stranded -d 'Only people with no effective role, who have no access'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from list" -l csv -d 'Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`)'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from list" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from show" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from show" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from show" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from show" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from show" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from suspend" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from suspend" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from suspend" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from suspend" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from suspend" -l dry-run -d 'Print the change and its impact; change nothing and never ask'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from suspend" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from suspend" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from suspend" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from suspend" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from suspend" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from unsuspend" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from unsuspend" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from unsuspend" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from unsuspend" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from unsuspend" -l dry-run -d 'Print the change and its impact; change nothing and never ask'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from unsuspend" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from unsuspend" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from unsuspend" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from unsuspend" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from unsuspend" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "add" -d 'Invite a person: at least one role or group; sends the invitation'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change an invited or active person (also "Edit Invitation")'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove an active person, or revoke an invited person\'s invitation'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "list" -d 'List people'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "show" -d 'One person: state, direct roles, groups, and where each effective role comes from'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "suspend" -d 'Take an active person\'s access away, keeping their roles and groups'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "unsuspend" -d 'Give a suspended person their access back'
complete -c orgadm -n "__fish_orgadm_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and not __fish_seen_subcommand_from list edit resend revoke accept help" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and not __fish_seen_subcommand_from list edit resend revoke accept help" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and not __fish_seen_subcommand_from list edit resend revoke accept help" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and not __fish_seen_subcommand_from list edit resend revoke accept help" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and not __fish_seen_subcommand_from list edit resend revoke accept help" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and not __fish_seen_subcommand_from list edit resend revoke accept help" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and not __fish_seen_subcommand_from list edit resend revoke accept help" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and not __fish_seen_subcommand_from list edit resend revoke accept help" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and not __fish_seen_subcommand_from list edit resend revoke accept help" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and not __fish_seen_subcommand_from list edit resend revoke accept help" -f -a "list" -d 'List invitations (default: pending, expired and failed)'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and not __fish_seen_subcommand_from list edit resend revoke accept help" -f -a "edit" -d 'Change an invited person (same flags as `user edit`)'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and not __fish_seen_subcommand_from list edit resend revoke accept help" -f -a "resend" -d 'Issue a new token and expiry and send again (one person, or every failed invitation)'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and not __fish_seen_subcommand_from list edit resend revoke accept help" -f -a "revoke" -d 'Cancel an invitation; the person is no longer listed'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and not __fish_seen_subcommand_from list edit resend revoke accept help" -f -a "accept" -d 'Accept an invitation: the invitee becomes active'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and not __fish_seen_subcommand_from list edit resend revoke accept help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from list" -l state -d 'Which invitations to list [default: pending, expired and failed; `all` adds the accepted and revoked history]' -r -f -a "pending\t''
expired\t''
failed\t''
accepted\t''
revoked\t''
all\t'Every state, accepted and revoked history included'"
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from list" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from list" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from list" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from list" -l csv -d 'Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`)'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from list" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -l name -d 'A new display name' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -l email -d 'A corrected address for an invited person: rotates the token and sends the invitation again' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -l add-role -d 'Add a role (org-admin, user, finance-admin); repeatable' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -l remove-role -d 'Take a role away; repeatable' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -l set-roles -d 'Replace the roles with exactly these (comma-separated)' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -l add-group -d 'Add the person to a group; repeatable' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -l remove-group -d 'Take the person out of a group; repeatable' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -l no-email -d 'With --email: send nothing, print the new accept link instead'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -l dry-run -d 'Print the change and its impact; change nothing and never ask'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from resend" -l expires-in -d 'How long the invitation stays valid, e.g. 90m, 36h, 7d [default: invite_ttl or 7d]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from resend" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from resend" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from resend" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from resend" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from resend" -l failed -d 'Resend every invitation whose last delivery failed'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from resend" -l no-email -d 'Send nothing: print the accept link (or, without invite_url, the token) instead'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from resend" -l dry-run -d 'Print the change and its impact; change nothing and never ask'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from resend" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from resend" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from resend" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from resend" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from resend" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from revoke" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from revoke" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from revoke" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from revoke" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from revoke" -l dry-run -d 'Print the change and its impact; change nothing and never ask'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from revoke" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from revoke" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from accept" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from accept" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from accept" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from accept" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from accept" -l dry-run -d 'Print the change and its impact; change nothing and never ask'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from accept" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from accept" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from accept" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from accept" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from accept" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from help" -f -a "list" -d 'List invitations (default: pending, expired and failed)'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change an invited person (same flags as `user edit`)'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from help" -f -a "resend" -d 'Issue a new token and expiry and send again (one person, or every failed invitation)'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Cancel an invitation; the person is no longer listed'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from help" -f -a "accept" -d 'Accept an invitation: the invitee becomes active'
complete -c orgadm -n "__fish_orgadm_using_subcommand invite; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -f -a "create" -d 'Create a group with one or more roles'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -f -a "edit" -d 'Rename a group and/or change its roles'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -f -a "manage" -d 'Add and remove members in one change; interactive on a terminal without --add/--remove'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -f -a "delete" -d 'Delete a group (always asks; lists who would be stranded)'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -f -a "list" -d 'Groups with their roles and member counts'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -f -a "show" -d 'One group with its members'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and not __fish_seen_subcommand_from create edit manage delete list show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from create" -l role -d 'A role the members inherit; repeatable, at least one' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from create" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from create" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from create" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from create" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from create" -l dry-run -d 'Print the change and its impact; change nothing and never ask'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from create" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from create" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from edit" -l name -d 'A new name' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from edit" -l add-role -d 'Add a role (org-admin, user, finance-admin); repeatable' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from edit" -l remove-role -d 'Take a role away; repeatable' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from edit" -l set-roles -d 'Replace the roles with exactly these (comma-separated)' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from edit" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from edit" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from edit" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from edit" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from edit" -l dry-run -d 'Print the change and its impact; change nothing and never ask'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from edit" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from edit" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from manage" -l add -d 'A person to add (email, or a name matching exactly one person); repeatable' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from manage" -l remove -d 'A member to remove; repeatable' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from manage" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from manage" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from manage" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from manage" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from manage" -l dry-run -d 'Print the change and its impact; change nothing and never ask'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from manage" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from manage" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from manage" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from manage" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from manage" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from delete" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from delete" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from delete" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from delete" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from delete" -l dry-run -d 'Print the change and its impact; change nothing and never ask'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from list" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from list" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from list" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from list" -l csv -d 'Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`)'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from list" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from show" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from show" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from show" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from show" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from show" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a group with one or more roles'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Rename a group and/or change its roles'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "manage" -d 'Add and remove members in one change; interactive on a terminal without --add/--remove'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a group (always asks; lists who would be stranded)'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "list" -d 'Groups with their roles and member counts'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "show" -d 'One group with its members'
complete -c orgadm -n "__fish_orgadm_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and not __fish_seen_subcommand_from list help" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and not __fish_seen_subcommand_from list help" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and not __fish_seen_subcommand_from list help" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and not __fish_seen_subcommand_from list help" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and not __fish_seen_subcommand_from list help" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and not __fish_seen_subcommand_from list help" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and not __fish_seen_subcommand_from list help" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and not __fish_seen_subcommand_from list help" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and not __fish_seen_subcommand_from list help" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and not __fish_seen_subcommand_from list help" -f -a "list" -d 'The roles, their display names, and what each may do'
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and not __fish_seen_subcommand_from list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and __fish_seen_subcommand_from list" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and __fish_seen_subcommand_from list" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and __fish_seen_subcommand_from list" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and __fish_seen_subcommand_from list" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "list" -d 'The roles, their display names, and what each may do'
complete -c orgadm -n "__fish_orgadm_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand whoami" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand whoami" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand whoami" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand whoami" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand whoami" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand whoami" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand whoami" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand whoami" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l actor -d 'Only entries by this actor' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l target -d 'Only entries about this person (email) or group (name)' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l action -d 'Only this action, e.g. `user.add`, or a prefix such as `group`' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l since -d 'Only entries since this time: `2026-11-01`, RFC 3339, or a duration ago like `2h`' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l limit -d 'At most this many entries' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l csv -d 'Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`)'
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -f -a "verify" -d 'Check the hash chain; print its length and head hash'
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and __fish_seen_subcommand_from verify" -l head -d 'A head hash kept from an earlier verify: also detect a cut-off tail' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and __fish_seen_subcommand_from verify" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and __fish_seen_subcommand_from verify" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and __fish_seen_subcommand_from verify" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and __fish_seen_subcommand_from verify" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and __fish_seen_subcommand_from verify" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the hash chain; print its length and head hash'
complete -c orgadm -n "__fish_orgadm_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand apply" -l format -d 'The file\'s format [default: by its extension: .csv is CSV, anything else TOML]' -r -f -a "toml\t''
csv\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand apply" -l expires-in -d 'How long the invitation stays valid, e.g. 90m, 36h, 7d [default: invite_ttl or 7d]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand apply" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand apply" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand apply" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand apply" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand apply" -l prune -d 'Also remove people and groups that are not in the file (invitations are revoked)'
complete -c orgadm -n "__fish_orgadm_using_subcommand apply" -l no-email -d 'Send nothing: print the accept link (or, without invite_url, the token) instead'
complete -c orgadm -n "__fish_orgadm_using_subcommand apply" -l dry-run -d 'Print the change and its impact; change nothing and never ask'
complete -c orgadm -n "__fish_orgadm_using_subcommand apply" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand apply" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand apply" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand apply" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand apply" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand export" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand export" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand export" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand export" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand export" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand export" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand export" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand export" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand export" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and not __fish_seen_subcommand_from copy help" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and not __fish_seen_subcommand_from copy help" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and not __fish_seen_subcommand_from copy help" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and not __fish_seen_subcommand_from copy help" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and not __fish_seen_subcommand_from copy help" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and not __fish_seen_subcommand_from copy help" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and not __fish_seen_subcommand_from copy help" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and not __fish_seen_subcommand_from copy help" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and not __fish_seen_subcommand_from copy help" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and not __fish_seen_subcommand_from copy help" -f -a "copy" -d 'Copy the whole organization into a new, empty store, then check both agree'
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and not __fish_seen_subcommand_from copy help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and __fish_seen_subcommand_from copy" -l to -d 'Where to copy to: a new SQLite file, or an empty PostgreSQL database URL' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and __fish_seen_subcommand_from copy" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and __fish_seen_subcommand_from copy" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and __fish_seen_subcommand_from copy" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and __fish_seen_subcommand_from copy" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and __fish_seen_subcommand_from copy" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and __fish_seen_subcommand_from copy" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and __fish_seen_subcommand_from copy" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and __fish_seen_subcommand_from copy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and __fish_seen_subcommand_from copy" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "copy" -d 'Copy the whole organization into a new, empty store, then check both agree'
complete -c orgadm -n "__fish_orgadm_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and not __fish_seen_subcommand_from token help" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and not __fish_seen_subcommand_from token help" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and not __fish_seen_subcommand_from token help" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and not __fish_seen_subcommand_from token help" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and not __fish_seen_subcommand_from token help" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and not __fish_seen_subcommand_from token help" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and not __fish_seen_subcommand_from token help" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and not __fish_seen_subcommand_from token help" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and not __fish_seen_subcommand_from token help" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and not __fish_seen_subcommand_from token help" -f -a "token" -d 'Bearer tokens for identity providers (Okta, Entra ID)'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and not __fish_seen_subcommand_from token help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and __fish_seen_subcommand_from token" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and __fish_seen_subcommand_from token" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and __fish_seen_subcommand_from token" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and __fish_seen_subcommand_from token" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and __fish_seen_subcommand_from token" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and __fish_seen_subcommand_from token" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and __fish_seen_subcommand_from token" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and __fish_seen_subcommand_from token" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and __fish_seen_subcommand_from token" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and __fish_seen_subcommand_from token" -f -a "create" -d 'Make a token; it is printed once, as the last line of stdout'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and __fish_seen_subcommand_from token" -f -a "list" -d 'List tokens: name, created, last used, expiry, state'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'End a token at once; requests with it get 401'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and __fish_seen_subcommand_from token" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and __fish_seen_subcommand_from help" -f -a "token" -d 'Bearer tokens for identity providers (Okta, Entra ID)'
complete -c orgadm -n "__fish_orgadm_using_subcommand scim; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand serve" -l listen -d 'The address to listen on [default: `[serve] listen`, else 127.0.0.1:8080]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand serve" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand serve" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand serve" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand serve" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand serve" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand serve" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand serve" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand serve" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand serve" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand completions" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand completions" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand completions" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand completions" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand completions" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand completions" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand completions" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand completions" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand completions" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand man" -l db -d 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand man" -l config -d 'The config file [default: config.toml in the platform config folder]' -r -F
complete -c orgadm -n "__fish_orgadm_using_subcommand man" -l as -d 'Act as this admin [default: `actor` in the config]' -r
complete -c orgadm -n "__fish_orgadm_using_subcommand man" -l color -d 'When to color messages (NO_COLOR is honored)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c orgadm -n "__fish_orgadm_using_subcommand man" -l json -d 'Print one JSON document on stdout (errors as JSON on stderr)'
complete -c orgadm -n "__fish_orgadm_using_subcommand man" -s y -l yes -d 'Apply changes that need confirmation without asking'
complete -c orgadm -n "__fish_orgadm_using_subcommand man" -s q -l quiet -d 'Print only data and errors'
complete -c orgadm -n "__fish_orgadm_using_subcommand man" -s h -l help -d 'Print help'
complete -c orgadm -n "__fish_orgadm_using_subcommand man" -s V -l version -d 'Print version'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and not __fish_seen_subcommand_from init user invite group role whoami audit apply export db scim serve completions man help" -f -a "init" -d 'Create the database and its first active org-admin'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and not __fish_seen_subcommand_from init user invite group role whoami audit apply export db scim serve completions man help" -f -a "user" -d 'Invite, edit, remove, list and show people'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and not __fish_seen_subcommand_from init user invite group role whoami audit apply export db scim serve completions man help" -f -a "invite" -d 'The Invited Users view: list, edit, resend, revoke, accept invitations'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and not __fish_seen_subcommand_from init user invite group role whoami audit apply export db scim serve completions man help" -f -a "group" -d 'Groups: members inherit the group\'s roles'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and not __fish_seen_subcommand_from init user invite group role whoami audit apply export db scim serve completions man help" -f -a "role" -d 'The roles and what each may do'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and not __fish_seen_subcommand_from init user invite group role whoami audit apply export db scim serve completions man help" -f -a "whoami" -d 'Show the acting person and their effective roles'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and not __fish_seen_subcommand_from init user invite group role whoami audit apply export db scim serve completions man help" -f -a "audit" -d 'The audit log, newest first; `audit verify` checks its hash chain'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and not __fish_seen_subcommand_from init user invite group role whoami audit apply export db scim serve completions man help" -f -a "apply" -d 'Make the organization match a TOML file of groups and users'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and not __fish_seen_subcommand_from init user invite group role whoami audit apply export db scim serve completions man help" -f -a "export" -d 'Print the organization in the format `apply` reads'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and not __fish_seen_subcommand_from init user invite group role whoami audit apply export db scim serve completions man help" -f -a "db" -d 'Copy the organization to another store (SQLite file or PostgreSQL)'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and not __fish_seen_subcommand_from init user invite group role whoami audit apply export db scim serve completions man help" -f -a "scim" -d 'SCIM 2.0 for identity providers: the tokens `orgadm serve` accepts'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and not __fish_seen_subcommand_from init user invite group role whoami audit apply export db scim serve completions man help" -f -a "serve" -d 'Serve the page an invitee opens from the email link, with its Accept button'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and not __fish_seen_subcommand_from init user invite group role whoami audit apply export db scim serve completions man help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and not __fish_seen_subcommand_from init user invite group role whoami audit apply export db scim serve completions man help" -f -a "man" -d 'Write the man pages into a folder'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and not __fish_seen_subcommand_from init user invite group role whoami audit apply export db scim serve completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "add" -d 'Invite a person: at least one role or group; sends the invitation'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "edit" -d 'Change an invited or active person (also "Edit Invitation")'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "remove" -d 'Remove an active person, or revoke an invited person\'s invitation'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "list" -d 'List people'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "show" -d 'One person: state, direct roles, groups, and where each effective role comes from'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "suspend" -d 'Take an active person\'s access away, keeping their roles and groups'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "unsuspend" -d 'Give a suspended person their access back'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from invite" -f -a "list" -d 'List invitations (default: pending, expired and failed)'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from invite" -f -a "edit" -d 'Change an invited person (same flags as `user edit`)'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from invite" -f -a "resend" -d 'Issue a new token and expiry and send again (one person, or every failed invitation)'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from invite" -f -a "revoke" -d 'Cancel an invitation; the person is no longer listed'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from invite" -f -a "accept" -d 'Accept an invitation: the invitee becomes active'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "create" -d 'Create a group with one or more roles'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "edit" -d 'Rename a group and/or change its roles'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "manage" -d 'Add and remove members in one change; interactive on a terminal without --add/--remove'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "delete" -d 'Delete a group (always asks; lists who would be stranded)'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "list" -d 'Groups with their roles and member counts'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "show" -d 'One group with its members'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from role" -f -a "list" -d 'The roles, their display names, and what each may do'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Check the hash chain; print its length and head hash'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "copy" -d 'Copy the whole organization into a new, empty store, then check both agree'
complete -c orgadm -n "__fish_orgadm_using_subcommand help; and __fish_seen_subcommand_from scim" -f -a "token" -d 'Bearer tokens for identity providers (Okta, Entra ID)'
