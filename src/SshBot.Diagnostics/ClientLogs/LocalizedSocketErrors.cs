namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// The C library's socket and resolver errors as a client in another language prints them: ssh
/// quotes strerror() and gai_strerror() ("ssh: connect to host web-01 port 22: Connexion
/// refusée"), and glibc translates them when the user's locale is German, French, Spanish,
/// Portuguese, Italian, Russian, Chinese or Japanese. Windows translates its socket errors too,
/// as .NET tools (SSH.NET, Posh-SSH) and Python print them: German's and French's are here. The
/// same <c>client.error</c> values as the English words, so the same articles answer.
/// </summary>
internal static class LocalizedSocketErrors
{
    private static readonly (string Error, ClientStage? Stage, string[] Words)[] Table =
    [
        ("connection-refused", ClientStage.Connect,
        [
            "Verbindungsaufbau abgelehnt", "Connexion refusée", "Conexión rehusada", "Conexão recusada",
            "Connessione rifiutata", "В соединении отказано", "拒绝连接", "接続を拒否されました",
            "da der Zielcomputer die Verbindung verweigerte", "l'ordinateur cible l'a expressément refusée",
        ]),
        ("connection-timed-out", null,
        [
            "Die Wartezeit für die Verbindung ist abgelaufen", "Connexion terminée par expiration du délai d'attente",
            "Expiró el tiempo de conexión", "Tempo esgotado para conexão", "Время ожидания соединения истекло",
            "连接超时", "接続がタイムアウトしました",
            "nach einer bestimmten Zeitspanne nicht richtig reagiert", "n'a pas répondu convenablement au-delà d'une certaine durée",
        ]),
        ("no-route", ClientStage.Connect,
        [
            "Keine Route zum Zielrechner", "Aucun chemin d'accès pour atteindre l'hôte cible", "Nenhuma rota para o host",
            "Нет маршрута до узла", "没有到主机的路由", "ホストへの経路がありません",
            "Das Netzwerk ist nicht erreichbar", "Le réseau n'est pas accessible", "La red no es accesible",
            "Сеть недоступна", "网络不可达", "ネットワークに届きません",
        ]),
        ("connection-reset", null,
        [
            "vom Kommunikationspartner zurückgesetzt", "Connexion ré-initialisée par le correspondant",
            "Conexión reinicializada por la máquina remota", "Conexão fechada pela outra ponta",
            "Соединение сброшено другой стороной", "连接被对方重设", "接続が相手からリセットされました",
            "vom Remotehost geschlossen", "a dû être fermée par l'hôte distant",
        ]),
        ("name-not-resolved", ClientStage.Resolve,
        [
            "Der Name oder der Dienst ist nicht bekannt", "Nom ou service inconnu", "Nombre o servicio desconocido",
            "Nome ou serviço desconhecido", "Имя или служба не известны", "未知的名称或服务", "名前またはサービスが不明です",
            "Temporärer Fehler bei der Namensauflösung", "Échec temporaire dans la résolution du nom",
            "Fallo temporal en la resolución del nombre", "Временный сбой в разрешении имен", "域名解析暂时失败",
        ]),
        ("broken-pipe", ClientStage.Session,
        [
            "Relais brisé (pipe)", "Tubería rota", "Pipe quebrado", "Обрыв канала", "断开的管道", "パイプが切断されました",
        ]),
    ];

    /// <summary>Each translation as a rule, beside the English words in <see cref="FailureRules.All"/>.</summary>
    public static readonly FailureRule[] Rules =
        [.. Table.SelectMany(entry => entry.Words.Select(word => new FailureRule(word, entry.Error, entry.Stage)))];
}
