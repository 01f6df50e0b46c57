
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'orgadm' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'orgadm'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'orgadm' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the database and its first active org-admin')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Invite, edit, remove, list and show people')
            [CompletionResult]::new('invite', 'invite', [CompletionResultType]::ParameterValue, 'The Invited Users view: list, edit, resend, revoke, accept invitations')
            [CompletionResult]::new('group', 'group', [CompletionResultType]::ParameterValue, 'Groups: members inherit the group''s roles')
            [CompletionResult]::new('role', 'role', [CompletionResultType]::ParameterValue, 'The roles and what each may do')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show the acting person and their effective roles')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The audit log, newest first; `audit verify` checks its hash chain')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the organization match a TOML file of groups and users')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the organization in the format `apply` reads')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Copy the organization to another store (SQLite file or PostgreSQL)')
            [CompletionResult]::new('scim', 'scim', [CompletionResultType]::ParameterValue, 'SCIM 2.0 for identity providers: the tokens `orgadm serve` accepts')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the page an invitee opens from the email link, with its Accept button')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man pages into a folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;init' {
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'The first org-admin''s email; also written as `actor` to the config')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The first admin''s display name [default: the email''s local part]')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization''s name, used in messages and emails [default: the admin''s email domain]')
            [CompletionResult]::new('--invite-url', '--invite-url', [CompletionResultType]::ParameterName, 'Where invitees accept, written to the config as `invite_url`, e.g. https://orgadm.example.com/join?token={token} (what `orgadm serve` serves)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change and its impact; change nothing and never ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;user' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Invite a person: at least one role or group; sends the invitation')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change an invited or active person (also "Edit Invitation")')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an active person, or revoke an invited person''s invitation')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List people')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One person: state, direct roles, groups, and where each effective role comes from')
            [CompletionResult]::new('suspend', 'suspend', [CompletionResultType]::ParameterValue, 'Take an active person''s access away, keeping their roles and groups')
            [CompletionResult]::new('unsuspend', 'unsuspend', [CompletionResultType]::ParameterValue, 'Give a suspended person their access back')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;user;add' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The person''s email address')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The person''s display name')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'A role to give directly (org-admin, user, finance-admin); repeatable')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'A group to put the person in; repeatable')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'How long the invitation stays valid, e.g. 90m, 36h, 7d [default: invite_ttl or 7d]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--no-email', '--no-email', [CompletionResultType]::ParameterName, 'Send nothing: print the accept link (or, without invite_url, the token) instead')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change and its impact; change nothing and never ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;user;edit' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A new display name')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'A corrected address for an invited person: rotates the token and sends the invitation again')
            [CompletionResult]::new('--add-role', '--add-role', [CompletionResultType]::ParameterName, 'Add a role (org-admin, user, finance-admin); repeatable')
            [CompletionResult]::new('--remove-role', '--remove-role', [CompletionResultType]::ParameterName, 'Take a role away; repeatable')
            [CompletionResult]::new('--set-roles', '--set-roles', [CompletionResultType]::ParameterName, 'Replace the roles with exactly these (comma-separated)')
            [CompletionResult]::new('--add-group', '--add-group', [CompletionResultType]::ParameterName, 'Add the person to a group; repeatable')
            [CompletionResult]::new('--remove-group', '--remove-group', [CompletionResultType]::ParameterName, 'Take the person out of a group; repeatable')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--no-email', '--no-email', [CompletionResultType]::ParameterName, 'With --email: send nothing, print the new accept link instead')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change and its impact; change nothing and never ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;user;remove' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change and its impact; change nothing and never ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;user;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Which people to list')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Only people whose effective roles include this role')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only members of this group')
            [CompletionResult]::new('--search', '--search', [CompletionResultType]::ParameterName, 'Only people whose email or name contains this text (case-insensitive)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--stranded', '--stranded', [CompletionResultType]::ParameterName, 'Only people with no effective role, who have no access')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;user;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;user;suspend' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change and its impact; change nothing and never ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;user;unsuspend' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change and its impact; change nothing and never ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;user;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Invite a person: at least one role or group; sends the invitation')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change an invited or active person (also "Edit Invitation")')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an active person, or revoke an invited person''s invitation')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List people')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One person: state, direct roles, groups, and where each effective role comes from')
            [CompletionResult]::new('suspend', 'suspend', [CompletionResultType]::ParameterValue, 'Take an active person''s access away, keeping their roles and groups')
            [CompletionResult]::new('unsuspend', 'unsuspend', [CompletionResultType]::ParameterValue, 'Give a suspended person their access back')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;user;help;add' {
            break
        }
        'orgadm;user;help;edit' {
            break
        }
        'orgadm;user;help;remove' {
            break
        }
        'orgadm;user;help;list' {
            break
        }
        'orgadm;user;help;show' {
            break
        }
        'orgadm;user;help;suspend' {
            break
        }
        'orgadm;user;help;unsuspend' {
            break
        }
        'orgadm;user;help;help' {
            break
        }
        'orgadm;invite' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List invitations (default: pending, expired and failed)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change an invited person (same flags as `user edit`)')
            [CompletionResult]::new('resend', 'resend', [CompletionResultType]::ParameterValue, 'Issue a new token and expiry and send again (one person, or every failed invitation)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Cancel an invitation; the person is no longer listed')
            [CompletionResult]::new('accept', 'accept', [CompletionResultType]::ParameterValue, 'Accept an invitation: the invitee becomes active')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;invite;list' {
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Which invitations to list [default: pending, expired and failed; `all` adds the accepted and revoked history]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;invite;edit' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A new display name')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'A corrected address for an invited person: rotates the token and sends the invitation again')
            [CompletionResult]::new('--add-role', '--add-role', [CompletionResultType]::ParameterName, 'Add a role (org-admin, user, finance-admin); repeatable')
            [CompletionResult]::new('--remove-role', '--remove-role', [CompletionResultType]::ParameterName, 'Take a role away; repeatable')
            [CompletionResult]::new('--set-roles', '--set-roles', [CompletionResultType]::ParameterName, 'Replace the roles with exactly these (comma-separated)')
            [CompletionResult]::new('--add-group', '--add-group', [CompletionResultType]::ParameterName, 'Add the person to a group; repeatable')
            [CompletionResult]::new('--remove-group', '--remove-group', [CompletionResultType]::ParameterName, 'Take the person out of a group; repeatable')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--no-email', '--no-email', [CompletionResultType]::ParameterName, 'With --email: send nothing, print the new accept link instead')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change and its impact; change nothing and never ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;invite;resend' {
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'How long the invitation stays valid, e.g. 90m, 36h, 7d [default: invite_ttl or 7d]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--failed', '--failed', [CompletionResultType]::ParameterName, 'Resend every invitation whose last delivery failed')
            [CompletionResult]::new('--no-email', '--no-email', [CompletionResultType]::ParameterName, 'Send nothing: print the accept link (or, without invite_url, the token) instead')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change and its impact; change nothing and never ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;invite;revoke' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change and its impact; change nothing and never ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;invite;accept' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change and its impact; change nothing and never ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;invite;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List invitations (default: pending, expired and failed)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change an invited person (same flags as `user edit`)')
            [CompletionResult]::new('resend', 'resend', [CompletionResultType]::ParameterValue, 'Issue a new token and expiry and send again (one person, or every failed invitation)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Cancel an invitation; the person is no longer listed')
            [CompletionResult]::new('accept', 'accept', [CompletionResultType]::ParameterValue, 'Accept an invitation: the invitee becomes active')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;invite;help;list' {
            break
        }
        'orgadm;invite;help;edit' {
            break
        }
        'orgadm;invite;help;resend' {
            break
        }
        'orgadm;invite;help;revoke' {
            break
        }
        'orgadm;invite;help;accept' {
            break
        }
        'orgadm;invite;help;help' {
            break
        }
        'orgadm;group' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a group with one or more roles')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Rename a group and/or change its roles')
            [CompletionResult]::new('manage', 'manage', [CompletionResultType]::ParameterValue, 'Add and remove members in one change; interactive on a terminal without --add/--remove')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a group (always asks; lists who would be stranded)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Groups with their roles and member counts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One group with its members')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;group;create' {
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'A role the members inherit; repeatable, at least one')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change and its impact; change nothing and never ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;group;edit' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A new name')
            [CompletionResult]::new('--add-role', '--add-role', [CompletionResultType]::ParameterName, 'Add a role (org-admin, user, finance-admin); repeatable')
            [CompletionResult]::new('--remove-role', '--remove-role', [CompletionResultType]::ParameterName, 'Take a role away; repeatable')
            [CompletionResult]::new('--set-roles', '--set-roles', [CompletionResultType]::ParameterName, 'Replace the roles with exactly these (comma-separated)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change and its impact; change nothing and never ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;group;manage' {
            [CompletionResult]::new('--add', '--add', [CompletionResultType]::ParameterName, 'A person to add (email, or a name matching exactly one person); repeatable')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'A member to remove; repeatable')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change and its impact; change nothing and never ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;group;delete' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change and its impact; change nothing and never ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;group;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;group;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;group;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a group with one or more roles')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Rename a group and/or change its roles')
            [CompletionResult]::new('manage', 'manage', [CompletionResultType]::ParameterValue, 'Add and remove members in one change; interactive on a terminal without --add/--remove')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a group (always asks; lists who would be stranded)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Groups with their roles and member counts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One group with its members')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;group;help;create' {
            break
        }
        'orgadm;group;help;edit' {
            break
        }
        'orgadm;group;help;manage' {
            break
        }
        'orgadm;group;help;delete' {
            break
        }
        'orgadm;group;help;list' {
            break
        }
        'orgadm;group;help;show' {
            break
        }
        'orgadm;group;help;help' {
            break
        }
        'orgadm;role' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The roles, their display names, and what each may do')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;role;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;role;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The roles, their display names, and what each may do')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;role;help;list' {
            break
        }
        'orgadm;role;help;help' {
            break
        }
        'orgadm;whoami' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;audit' {
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Only entries by this actor')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Only entries about this person (email) or group (name)')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Only this action, e.g. `user.add`, or a prefix such as `group`')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only entries since this time: `2026-11-01`, RFC 3339, or a duration ago like `2h`')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many entries')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain; print its length and head hash')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;audit;verify' {
            [CompletionResult]::new('--head', '--head', [CompletionResultType]::ParameterName, 'A head hash kept from an earlier verify: also detect a cut-off tail')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;audit;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain; print its length and head hash')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;audit;help;verify' {
            break
        }
        'orgadm;audit;help;help' {
            break
        }
        'orgadm;apply' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The file''s format [default: by its extension: .csv is CSV, anything else TOML]')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'How long the invitation stays valid, e.g. 90m, 36h, 7d [default: invite_ttl or 7d]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Also remove people and groups that are not in the file (invitations are revoked)')
            [CompletionResult]::new('--no-email', '--no-email', [CompletionResultType]::ParameterName, 'Send nothing: print the accept link (or, without invite_url, the token) instead')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change and its impact; change nothing and never ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;export' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;db' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole organization into a new, empty store, then check both agree')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;db;copy' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to copy to: a new SQLite file, or an empty PostgreSQL database URL')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;db;help' {
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole organization into a new, empty store, then check both agree')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;db;help;copy' {
            break
        }
        'orgadm;db;help;help' {
            break
        }
        'orgadm;scim' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Bearer tokens for identity providers (Okta, Entra ID)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;scim;token' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a token; it is printed once, as the last line of stdout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tokens: name, created, last used, expiry, state')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'End a token at once; requests with it get 401')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;scim;token;create' {
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'How long it stays valid, e.g. 90d [default: until revoked]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;scim;token;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;scim;token;revoke' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;scim;token;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a token; it is printed once, as the last line of stdout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tokens: name, created, last used, expiry, state')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'End a token at once; requests with it get 401')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;scim;token;help;create' {
            break
        }
        'orgadm;scim;token;help;list' {
            break
        }
        'orgadm;scim;token;help;revoke' {
            break
        }
        'orgadm;scim;token;help;help' {
            break
        }
        'orgadm;scim;help' {
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Bearer tokens for identity providers (Okta, Entra ID)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;scim;help;token' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a token; it is printed once, as the last line of stdout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tokens: name, created, last used, expiry, state')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'End a token at once; requests with it get 401')
            break
        }
        'orgadm;scim;help;token;create' {
            break
        }
        'orgadm;scim;help;token;list' {
            break
        }
        'orgadm;scim;help;token;revoke' {
            break
        }
        'orgadm;scim;help;help' {
            break
        }
        'orgadm;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'The address to listen on [default: `[serve] listen`, else 127.0.0.1:8080]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;completions' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;man' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: config.toml in the platform config folder]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this admin [default: `actor` in the config]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color messages (NO_COLOR is honored)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as JSON on stderr)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply changes that need confirmation without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'orgadm;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the database and its first active org-admin')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Invite, edit, remove, list and show people')
            [CompletionResult]::new('invite', 'invite', [CompletionResultType]::ParameterValue, 'The Invited Users view: list, edit, resend, revoke, accept invitations')
            [CompletionResult]::new('group', 'group', [CompletionResultType]::ParameterValue, 'Groups: members inherit the group''s roles')
            [CompletionResult]::new('role', 'role', [CompletionResultType]::ParameterValue, 'The roles and what each may do')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show the acting person and their effective roles')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The audit log, newest first; `audit verify` checks its hash chain')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the organization match a TOML file of groups and users')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the organization in the format `apply` reads')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Copy the organization to another store (SQLite file or PostgreSQL)')
            [CompletionResult]::new('scim', 'scim', [CompletionResultType]::ParameterValue, 'SCIM 2.0 for identity providers: the tokens `orgadm serve` accepts')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the page an invitee opens from the email link, with its Accept button')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man pages into a folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'orgadm;help;init' {
            break
        }
        'orgadm;help;user' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Invite a person: at least one role or group; sends the invitation')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change an invited or active person (also "Edit Invitation")')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an active person, or revoke an invited person''s invitation')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List people')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One person: state, direct roles, groups, and where each effective role comes from')
            [CompletionResult]::new('suspend', 'suspend', [CompletionResultType]::ParameterValue, 'Take an active person''s access away, keeping their roles and groups')
            [CompletionResult]::new('unsuspend', 'unsuspend', [CompletionResultType]::ParameterValue, 'Give a suspended person their access back')
            break
        }
        'orgadm;help;user;add' {
            break
        }
        'orgadm;help;user;edit' {
            break
        }
        'orgadm;help;user;remove' {
            break
        }
        'orgadm;help;user;list' {
            break
        }
        'orgadm;help;user;show' {
            break
        }
        'orgadm;help;user;suspend' {
            break
        }
        'orgadm;help;user;unsuspend' {
            break
        }
        'orgadm;help;invite' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List invitations (default: pending, expired and failed)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change an invited person (same flags as `user edit`)')
            [CompletionResult]::new('resend', 'resend', [CompletionResultType]::ParameterValue, 'Issue a new token and expiry and send again (one person, or every failed invitation)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Cancel an invitation; the person is no longer listed')
            [CompletionResult]::new('accept', 'accept', [CompletionResultType]::ParameterValue, 'Accept an invitation: the invitee becomes active')
            break
        }
        'orgadm;help;invite;list' {
            break
        }
        'orgadm;help;invite;edit' {
            break
        }
        'orgadm;help;invite;resend' {
            break
        }
        'orgadm;help;invite;revoke' {
            break
        }
        'orgadm;help;invite;accept' {
            break
        }
        'orgadm;help;group' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a group with one or more roles')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Rename a group and/or change its roles')
            [CompletionResult]::new('manage', 'manage', [CompletionResultType]::ParameterValue, 'Add and remove members in one change; interactive on a terminal without --add/--remove')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a group (always asks; lists who would be stranded)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Groups with their roles and member counts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One group with its members')
            break
        }
        'orgadm;help;group;create' {
            break
        }
        'orgadm;help;group;edit' {
            break
        }
        'orgadm;help;group;manage' {
            break
        }
        'orgadm;help;group;delete' {
            break
        }
        'orgadm;help;group;list' {
            break
        }
        'orgadm;help;group;show' {
            break
        }
        'orgadm;help;role' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The roles, their display names, and what each may do')
            break
        }
        'orgadm;help;role;list' {
            break
        }
        'orgadm;help;whoami' {
            break
        }
        'orgadm;help;audit' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain; print its length and head hash')
            break
        }
        'orgadm;help;audit;verify' {
            break
        }
        'orgadm;help;apply' {
            break
        }
        'orgadm;help;export' {
            break
        }
        'orgadm;help;db' {
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole organization into a new, empty store, then check both agree')
            break
        }
        'orgadm;help;db;copy' {
            break
        }
        'orgadm;help;scim' {
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Bearer tokens for identity providers (Okta, Entra ID)')
            break
        }
        'orgadm;help;scim;token' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a token; it is printed once, as the last line of stdout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tokens: name, created, last used, expiry, state')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'End a token at once; requests with it get 401')
            break
        }
        'orgadm;help;scim;token;create' {
            break
        }
        'orgadm;help;scim;token;list' {
            break
        }
        'orgadm;help;scim;token;revoke' {
            break
        }
        'orgadm;help;serve' {
            break
        }
        'orgadm;help;completions' {
            break
        }
        'orgadm;help;man' {
            break
        }
        'orgadm;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
