
use builtin;
use str;

set edit:completion:arg-completer[orgadm] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'orgadm'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'orgadm'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create the database and its first active org-admin'
            cand user 'Invite, edit, remove, list and show people'
            cand invite 'The Invited Users view: list, edit, resend, revoke, accept invitations'
            cand group 'Groups: members inherit the group''s roles'
            cand role 'The roles and what each may do'
            cand whoami 'Show the acting person and their effective roles'
            cand audit 'The audit log, newest first; `audit verify` checks its hash chain'
            cand apply 'Make the organization match a TOML file of groups and users'
            cand export 'Print the organization in the format `apply` reads'
            cand db 'Copy the organization to another store (SQLite file or PostgreSQL)'
            cand scim 'SCIM 2.0 for identity providers: the tokens `orgadm serve` accepts'
            cand serve 'Serve the page an invitee opens from the email link, with its Accept button'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand man 'Write the man pages into a folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;init'= {
            cand --admin 'The first org-admin''s email; also written as `actor` to the config'
            cand --name 'The first admin''s display name [default: the email''s local part]'
            cand --org 'The organization''s name, used in messages and emails [default: the admin''s email domain]'
            cand --invite-url 'Where invitees accept, written to the config as `invite_url`, e.g. https://orgadm.example.com/join?token={token} (what `orgadm serve` serves)'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --dry-run 'Print the change and its impact; change nothing and never ask'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;user'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Invite a person: at least one role or group; sends the invitation'
            cand edit 'Change an invited or active person (also "Edit Invitation")'
            cand remove 'Remove an active person, or revoke an invited person''s invitation'
            cand list 'List people'
            cand show 'One person: state, direct roles, groups, and where each effective role comes from'
            cand suspend 'Take an active person''s access away, keeping their roles and groups'
            cand unsuspend 'Give a suspended person their access back'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;user;add'= {
            cand --email 'The person''s email address'
            cand --name 'The person''s display name'
            cand --role 'A role to give directly (org-admin, user, finance-admin); repeatable'
            cand --group 'A group to put the person in; repeatable'
            cand --expires-in 'How long the invitation stays valid, e.g. 90m, 36h, 7d [default: invite_ttl or 7d]'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --no-email 'Send nothing: print the accept link (or, without invite_url, the token) instead'
            cand --dry-run 'Print the change and its impact; change nothing and never ask'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;user;edit'= {
            cand --name 'A new display name'
            cand --email 'A corrected address for an invited person: rotates the token and sends the invitation again'
            cand --add-role 'Add a role (org-admin, user, finance-admin); repeatable'
            cand --remove-role 'Take a role away; repeatable'
            cand --set-roles 'Replace the roles with exactly these (comma-separated)'
            cand --add-group 'Add the person to a group; repeatable'
            cand --remove-group 'Take the person out of a group; repeatable'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --no-email 'With --email: send nothing, print the new accept link instead'
            cand --dry-run 'Print the change and its impact; change nothing and never ask'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;user;remove'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --dry-run 'Print the change and its impact; change nothing and never ask'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;user;list'= {
            cand --status 'Which people to list'
            cand --role 'Only people whose effective roles include this role'
            cand --group 'Only members of this group'
            cand --search 'Only people whose email or name contains this text (case-insensitive)'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --stranded 'Only people with no effective role, who have no access'
            cand --csv 'Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;user;show'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;user;suspend'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --dry-run 'Print the change and its impact; change nothing and never ask'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;user;unsuspend'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --dry-run 'Print the change and its impact; change nothing and never ask'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;user;help'= {
            cand add 'Invite a person: at least one role or group; sends the invitation'
            cand edit 'Change an invited or active person (also "Edit Invitation")'
            cand remove 'Remove an active person, or revoke an invited person''s invitation'
            cand list 'List people'
            cand show 'One person: state, direct roles, groups, and where each effective role comes from'
            cand suspend 'Take an active person''s access away, keeping their roles and groups'
            cand unsuspend 'Give a suspended person their access back'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;user;help;add'= {
        }
        &'orgadm;user;help;edit'= {
        }
        &'orgadm;user;help;remove'= {
        }
        &'orgadm;user;help;list'= {
        }
        &'orgadm;user;help;show'= {
        }
        &'orgadm;user;help;suspend'= {
        }
        &'orgadm;user;help;unsuspend'= {
        }
        &'orgadm;user;help;help'= {
        }
        &'orgadm;invite'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List invitations (default: pending, expired and failed)'
            cand edit 'Change an invited person (same flags as `user edit`)'
            cand resend 'Issue a new token and expiry and send again (one person, or every failed invitation)'
            cand revoke 'Cancel an invitation; the person is no longer listed'
            cand accept 'Accept an invitation: the invitee becomes active'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;invite;list'= {
            cand --state 'Which invitations to list [default: pending, expired and failed; `all` adds the accepted and revoked history]'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --csv 'Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;invite;edit'= {
            cand --name 'A new display name'
            cand --email 'A corrected address for an invited person: rotates the token and sends the invitation again'
            cand --add-role 'Add a role (org-admin, user, finance-admin); repeatable'
            cand --remove-role 'Take a role away; repeatable'
            cand --set-roles 'Replace the roles with exactly these (comma-separated)'
            cand --add-group 'Add the person to a group; repeatable'
            cand --remove-group 'Take the person out of a group; repeatable'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --no-email 'With --email: send nothing, print the new accept link instead'
            cand --dry-run 'Print the change and its impact; change nothing and never ask'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;invite;resend'= {
            cand --expires-in 'How long the invitation stays valid, e.g. 90m, 36h, 7d [default: invite_ttl or 7d]'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --failed 'Resend every invitation whose last delivery failed'
            cand --no-email 'Send nothing: print the accept link (or, without invite_url, the token) instead'
            cand --dry-run 'Print the change and its impact; change nothing and never ask'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;invite;revoke'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --dry-run 'Print the change and its impact; change nothing and never ask'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;invite;accept'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --dry-run 'Print the change and its impact; change nothing and never ask'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;invite;help'= {
            cand list 'List invitations (default: pending, expired and failed)'
            cand edit 'Change an invited person (same flags as `user edit`)'
            cand resend 'Issue a new token and expiry and send again (one person, or every failed invitation)'
            cand revoke 'Cancel an invitation; the person is no longer listed'
            cand accept 'Accept an invitation: the invitee becomes active'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;invite;help;list'= {
        }
        &'orgadm;invite;help;edit'= {
        }
        &'orgadm;invite;help;resend'= {
        }
        &'orgadm;invite;help;revoke'= {
        }
        &'orgadm;invite;help;accept'= {
        }
        &'orgadm;invite;help;help'= {
        }
        &'orgadm;group'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a group with one or more roles'
            cand edit 'Rename a group and/or change its roles'
            cand manage 'Add and remove members in one change; interactive on a terminal without --add/--remove'
            cand delete 'Delete a group (always asks; lists who would be stranded)'
            cand list 'Groups with their roles and member counts'
            cand show 'One group with its members'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;group;create'= {
            cand --role 'A role the members inherit; repeatable, at least one'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --dry-run 'Print the change and its impact; change nothing and never ask'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;group;edit'= {
            cand --name 'A new name'
            cand --add-role 'Add a role (org-admin, user, finance-admin); repeatable'
            cand --remove-role 'Take a role away; repeatable'
            cand --set-roles 'Replace the roles with exactly these (comma-separated)'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --dry-run 'Print the change and its impact; change nothing and never ask'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;group;manage'= {
            cand --add 'A person to add (email, or a name matching exactly one person); repeatable'
            cand --remove 'A member to remove; repeatable'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --dry-run 'Print the change and its impact; change nothing and never ask'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;group;delete'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --dry-run 'Print the change and its impact; change nothing and never ask'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;group;list'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --csv 'Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;group;show'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;group;help'= {
            cand create 'Create a group with one or more roles'
            cand edit 'Rename a group and/or change its roles'
            cand manage 'Add and remove members in one change; interactive on a terminal without --add/--remove'
            cand delete 'Delete a group (always asks; lists who would be stranded)'
            cand list 'Groups with their roles and member counts'
            cand show 'One group with its members'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;group;help;create'= {
        }
        &'orgadm;group;help;edit'= {
        }
        &'orgadm;group;help;manage'= {
        }
        &'orgadm;group;help;delete'= {
        }
        &'orgadm;group;help;list'= {
        }
        &'orgadm;group;help;show'= {
        }
        &'orgadm;group;help;help'= {
        }
        &'orgadm;role'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'The roles, their display names, and what each may do'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;role;list'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;role;help'= {
            cand list 'The roles, their display names, and what each may do'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;role;help;list'= {
        }
        &'orgadm;role;help;help'= {
        }
        &'orgadm;whoami'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;audit'= {
            cand --actor 'Only entries by this actor'
            cand --target 'Only entries about this person (email) or group (name)'
            cand --action 'Only this action, e.g. `user.add`, or a prefix such as `group`'
            cand --since 'Only entries since this time: `2026-11-01`, RFC 3339, or a duration ago like `2h`'
            cand --limit 'At most this many entries'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --csv 'Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand verify 'Check the hash chain; print its length and head hash'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;audit;verify'= {
            cand --head 'A head hash kept from an earlier verify: also detect a cut-off tail'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;audit;help'= {
            cand verify 'Check the hash chain; print its length and head hash'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;audit;help;verify'= {
        }
        &'orgadm;audit;help;help'= {
        }
        &'orgadm;apply'= {
            cand --format 'The file''s format [default: by its extension: .csv is CSV, anything else TOML]'
            cand --expires-in 'How long the invitation stays valid, e.g. 90m, 36h, 7d [default: invite_ttl or 7d]'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --prune 'Also remove people and groups that are not in the file (invitations are revoked)'
            cand --no-email 'Send nothing: print the accept link (or, without invite_url, the token) instead'
            cand --dry-run 'Print the change and its impact; change nothing and never ask'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;export'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;db'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand copy 'Copy the whole organization into a new, empty store, then check both agree'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;db;copy'= {
            cand --to 'Where to copy to: a new SQLite file, or an empty PostgreSQL database URL'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;db;help'= {
            cand copy 'Copy the whole organization into a new, empty store, then check both agree'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;db;help;copy'= {
        }
        &'orgadm;db;help;help'= {
        }
        &'orgadm;scim'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand token 'Bearer tokens for identity providers (Okta, Entra ID)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;scim;token'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Make a token; it is printed once, as the last line of stdout'
            cand list 'List tokens: name, created, last used, expiry, state'
            cand revoke 'End a token at once; requests with it get 401'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;scim;token;create'= {
            cand --expires-in 'How long it stays valid, e.g. 90d [default: until revoked]'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;scim;token;list'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;scim;token;revoke'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;scim;token;help'= {
            cand create 'Make a token; it is printed once, as the last line of stdout'
            cand list 'List tokens: name, created, last used, expiry, state'
            cand revoke 'End a token at once; requests with it get 401'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;scim;token;help;create'= {
        }
        &'orgadm;scim;token;help;list'= {
        }
        &'orgadm;scim;token;help;revoke'= {
        }
        &'orgadm;scim;token;help;help'= {
        }
        &'orgadm;scim;help'= {
            cand token 'Bearer tokens for identity providers (Okta, Entra ID)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;scim;help;token'= {
            cand create 'Make a token; it is printed once, as the last line of stdout'
            cand list 'List tokens: name, created, last used, expiry, state'
            cand revoke 'End a token at once; requests with it get 401'
        }
        &'orgadm;scim;help;token;create'= {
        }
        &'orgadm;scim;help;token;list'= {
        }
        &'orgadm;scim;help;token;revoke'= {
        }
        &'orgadm;scim;help;help'= {
        }
        &'orgadm;serve'= {
            cand --listen 'The address to listen on [default: `[serve] listen`, else 127.0.0.1:8080]'
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;completions'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;man'= {
            cand --db 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]'
            cand --config 'The config file [default: config.toml in the platform config folder]'
            cand --as 'Act as this admin [default: `actor` in the config]'
            cand --color 'When to color messages (NO_COLOR is honored)'
            cand --json 'Print one JSON document on stdout (errors as JSON on stderr)'
            cand -y 'Apply changes that need confirmation without asking'
            cand --yes 'Apply changes that need confirmation without asking'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'orgadm;help'= {
            cand init 'Create the database and its first active org-admin'
            cand user 'Invite, edit, remove, list and show people'
            cand invite 'The Invited Users view: list, edit, resend, revoke, accept invitations'
            cand group 'Groups: members inherit the group''s roles'
            cand role 'The roles and what each may do'
            cand whoami 'Show the acting person and their effective roles'
            cand audit 'The audit log, newest first; `audit verify` checks its hash chain'
            cand apply 'Make the organization match a TOML file of groups and users'
            cand export 'Print the organization in the format `apply` reads'
            cand db 'Copy the organization to another store (SQLite file or PostgreSQL)'
            cand scim 'SCIM 2.0 for identity providers: the tokens `orgadm serve` accepts'
            cand serve 'Serve the page an invitee opens from the email link, with its Accept button'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand man 'Write the man pages into a folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'orgadm;help;init'= {
        }
        &'orgadm;help;user'= {
            cand add 'Invite a person: at least one role or group; sends the invitation'
            cand edit 'Change an invited or active person (also "Edit Invitation")'
            cand remove 'Remove an active person, or revoke an invited person''s invitation'
            cand list 'List people'
            cand show 'One person: state, direct roles, groups, and where each effective role comes from'
            cand suspend 'Take an active person''s access away, keeping their roles and groups'
            cand unsuspend 'Give a suspended person their access back'
        }
        &'orgadm;help;user;add'= {
        }
        &'orgadm;help;user;edit'= {
        }
        &'orgadm;help;user;remove'= {
        }
        &'orgadm;help;user;list'= {
        }
        &'orgadm;help;user;show'= {
        }
        &'orgadm;help;user;suspend'= {
        }
        &'orgadm;help;user;unsuspend'= {
        }
        &'orgadm;help;invite'= {
            cand list 'List invitations (default: pending, expired and failed)'
            cand edit 'Change an invited person (same flags as `user edit`)'
            cand resend 'Issue a new token and expiry and send again (one person, or every failed invitation)'
            cand revoke 'Cancel an invitation; the person is no longer listed'
            cand accept 'Accept an invitation: the invitee becomes active'
        }
        &'orgadm;help;invite;list'= {
        }
        &'orgadm;help;invite;edit'= {
        }
        &'orgadm;help;invite;resend'= {
        }
        &'orgadm;help;invite;revoke'= {
        }
        &'orgadm;help;invite;accept'= {
        }
        &'orgadm;help;group'= {
            cand create 'Create a group with one or more roles'
            cand edit 'Rename a group and/or change its roles'
            cand manage 'Add and remove members in one change; interactive on a terminal without --add/--remove'
            cand delete 'Delete a group (always asks; lists who would be stranded)'
            cand list 'Groups with their roles and member counts'
            cand show 'One group with its members'
        }
        &'orgadm;help;group;create'= {
        }
        &'orgadm;help;group;edit'= {
        }
        &'orgadm;help;group;manage'= {
        }
        &'orgadm;help;group;delete'= {
        }
        &'orgadm;help;group;list'= {
        }
        &'orgadm;help;group;show'= {
        }
        &'orgadm;help;role'= {
            cand list 'The roles, their display names, and what each may do'
        }
        &'orgadm;help;role;list'= {
        }
        &'orgadm;help;whoami'= {
        }
        &'orgadm;help;audit'= {
            cand verify 'Check the hash chain; print its length and head hash'
        }
        &'orgadm;help;audit;verify'= {
        }
        &'orgadm;help;apply'= {
        }
        &'orgadm;help;export'= {
        }
        &'orgadm;help;db'= {
            cand copy 'Copy the whole organization into a new, empty store, then check both agree'
        }
        &'orgadm;help;db;copy'= {
        }
        &'orgadm;help;scim'= {
            cand token 'Bearer tokens for identity providers (Okta, Entra ID)'
        }
        &'orgadm;help;scim;token'= {
            cand create 'Make a token; it is printed once, as the last line of stdout'
            cand list 'List tokens: name, created, last used, expiry, state'
            cand revoke 'End a token at once; requests with it get 401'
        }
        &'orgadm;help;scim;token;create'= {
        }
        &'orgadm;help;scim;token;list'= {
        }
        &'orgadm;help;scim;token;revoke'= {
        }
        &'orgadm;help;serve'= {
        }
        &'orgadm;help;completions'= {
        }
        &'orgadm;help;man'= {
        }
        &'orgadm;help;help'= {
        }
    ]
    $completions[$command]
}
