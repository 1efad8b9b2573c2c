<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>CallLabels</name>
    <message>
        <location filename="../../ui/call_labels.py" line="26"/>
        <source>incoming</source>
        <translation>входящий</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="27"/>
        <source>outgoing</source>
        <translation>исходящий</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="28"/>
        <source>internal</source>
        <translation>внутренний</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="64"/>
        <source>%1 min</source>
        <translation>%1 мин</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="66"/>
        <source>%1 h</source>
        <translation>%1 ч</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="67"/>
        <source>%1 d</source>
        <translation>%1 дн.</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="73"/>
        <source>no deadline</source>
        <translation>без срока</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="76"/>
        <source>overdue %1</source>
        <translation>просрочен на %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="79"/>
        <source>in %1</source>
        <translation>через %1</translation>
    </message>
</context>
<context>
    <name>CallLogFilters</name>
    <message>
        <location filename="../../ui/calls_page.py" line="46"/>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="46"/>
        <source>Yesterday</source>
        <translation>Вчера</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="47"/>
        <source>Last 7 days</source>
        <translation>Последние 7 дней</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="47"/>
        <source>Last 30 days</source>
        <translation>Последние 30 дней</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="48"/>
        <source>All time</source>
        <translation>За всё время</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="48"/>
        <source>Dates…</source>
        <translation>Даты…</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="51"/>
        <source>Period (Alt+P)</source>
        <translation>Период (Alt+P)</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="60"/>
        <source>Any direction</source>
        <translation>Все направления</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="64"/>
        <source>Any status</source>
        <translation>Все исходы</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="64"/>
        <source>Answered</source>
        <translation>Принятые</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="65"/>
        <source>Missed</source>
        <translation>Пропущенные</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="65"/>
        <source>No answer</source>
        <translation>Без ответа</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="66"/>
        <source>In progress</source>
        <translation>Идут сейчас</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="69"/>
        <source>Ext.</source>
        <translation>Доб.</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="70"/>
        <source>Calls answered by or ringing this extension</source>
        <translation>Звонки, которые принял этот добавочный или на которые он звонил</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="73"/>
        <source>Number or client name</source>
        <translation>Номер или имя клиента</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="75"/>
        <source>Digits of a number (any part) or words of the client&apos;s name (Alt+F)</source>
        <translation>Цифры номера (любая часть) или слова из имени клиента (Alt+F)</translation>
    </message>
</context>
<context>
    <name>CallLogTableModel</name>
    <message>
        <location filename="../../ui/call_models.py" line="180"/>
        <source>When</source>
        <extracomment>Roles every call model answers, so views and pages can act on a row without knowing the model.</extracomment>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="180"/>
        <source>Direction</source>
        <translation>Направление</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="181"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="181"/>
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="182"/>
        <source>Ext.</source>
        <translation>Доб.</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="182"/>
        <source>Status</source>
        <translation>Исход</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="183"/>
        <source>Talk</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="183"/>
        <source>Recording</source>
        <translation>Запись</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="223"/>
        <source>unknown number</source>
        <translation>неизвестный номер</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="229"/>
        <source>▶ listen</source>
        <translation>▶ слушать</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="234"/>
        <source>Call %1 (click); right-click for more</source>
        <translation>Позвонить на %1 (щелчок); правый щелчок — другие действия</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="240"/>
        <source>Rang %1, talked %2</source>
        <translation>Гудки %1, разговор %2</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="243"/>
        <source>Double-click or Enter opens the client card</source>
        <translation>Двойной щелчок или Enter открывает карточку клиента</translation>
    </message>
</context>
<context>
    <name>CallPane</name>
    <message>
        <location filename="../../ui/call_pane.py" line="64"/>
        <source>Call</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane.py" line="188"/>
        <source>The call pane could not read the call: %1</source>
        <translation>Панель звонка не смогла прочитать звонок: %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane.py" line="220"/>
        <source>Note saved to %1&apos;s timeline.</source>
        <translation>Заметка сохранена в истории клиента: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane.py" line="225"/>
        <source>The note was not saved: %1</source>
        <translation>Заметка не сохранена: %1</translation>
    </message>
</context>
<context>
    <name>CallTableView</name>
    <message>
        <location filename="../../ui/call_table_view.py" line="77"/>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <location filename="../../ui/call_table_view.py" line="80"/>
        <source>Copy number</source>
        <translation>Скопировать номер</translation>
    </message>
    <message>
        <location filename="../../ui/call_table_view.py" line="83"/>
        <source>Open client card (Enter)</source>
        <translation>Открыть карточку клиента (Enter)</translation>
    </message>
</context>
<context>
    <name>CallerView</name>
    <message>
        <location filename="../../ui/call_pane_view.py" line="89"/>
        <source>Time since the call started; the talk time once it is over</source>
        <translation>Время с начала звонка; после звонка — длительность разговора</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="91"/>
        <source>Pin</source>
        <translation>Закрепить</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="93"/>
        <source>Pin the pane: it stays open between calls (Ctrl+Shift+P)</source>
        <translation>Закрепить панель: она остаётся открытой между звонками (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="105"/>
        <location filename="../../ui/call_pane_view.py" line="136"/>
        <source>Open the client card (Ctrl+Shift+O)</source>
        <translation>Открыть карточку клиента (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="116"/>
        <source>Equipment</source>
        <translation>Оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="116"/>
        <source>No equipment recorded.</source>
        <translation>Оборудование не записано.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="118"/>
        <source>Open orders</source>
        <translation>Открытые заказы</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="118"/>
        <source>No open orders.</source>
        <translation>Открытых заказов нет.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="120"/>
        <source>Next visits</source>
        <translation>Ближайшие выезды</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="120"/>
        <source>No visits booked.</source>
        <translation>Выездов не запланировано.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="122"/>
        <source>Last visits</source>
        <translation>Последние выезды</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="122"/>
        <source>No visits yet.</source>
        <translation>Выездов ещё не было.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="124"/>
        <source>Earlier calls</source>
        <translation>Прежние звонки</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="124"/>
        <source>No earlier calls from this number.</source>
        <translation>С этого номера раньше не звонили.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="129"/>
        <source>New client…</source>
        <translation>Новый клиент…</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="130"/>
        <source>Create a client with this number (Ctrl+Shift+N)</source>
        <translation>Создать клиента с этим номером (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="132"/>
        <source>New order</source>
        <translation>Новый заказ</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="132"/>
        <source>Orders module not built yet: orders are created there once it lands.</source>
        <translation>Модуль заказов ещё не готов: заказы будут создаваться в нём, когда он появится.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="134"/>
        <source>Book a visit</source>
        <translation>Записать на выезд</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="134"/>
        <source>Planning module not built yet: visits are booked there once it lands.</source>
        <translation>Модуль планирования ещё не готов: выезды будут назначаться в нём, когда он появится.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="136"/>
        <source>Open card</source>
        <translation>Открыть карточку</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="140"/>
        <source>What was agreed (saved to the client&apos;s timeline)</source>
        <translation>О чём договорились (сохранится в истории клиента)</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="142"/>
        <source>Save note</source>
        <translation>Сохранить заметку</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="142"/>
        <source>Save the note to the client&apos;s timeline (Ctrl+Enter)</source>
        <translation>Сохранить заметку в историю клиента (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="146"/>
        <source>No call right now. The pane opens by itself when your phone rings.</source>
        <translation>Сейчас звонка нет. Панель откроется сама, когда зазвонит ваш телефон.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="187"/>
        <source>Note about the call</source>
        <translation>Заметка о звонке</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="237"/>
        <source>number withheld</source>
        <translation>номер скрыт</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="248"/>
        <source>Balance due %1</source>
        <translation>Долг %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="249"/>
        <source>Nothing owed</source>
        <translation>Долгов нет</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="267"/>
        <source>Several clients have this number; open the right one:</source>
        <translation>Этот номер есть у нескольких клиентов; откройте нужного:</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="273"/>
        <source>No client has this number.</source>
        <translation>Этого номера нет ни у одного клиента.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="275"/>
        <source>The caller&apos;s number is unknown.</source>
        <translation>Номер звонящего неизвестен.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="288"/>
        <source>answered at extension %1</source>
        <translation>ответили на добавочном %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="290"/>
        <source>extension %1</source>
        <translation>добавочный %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="306"/>
        <source>Create the client first to keep a note on their timeline.</source>
        <translation>Сначала создайте клиента, чтобы сохранить заметку в его истории.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="315"/>
        <source>Also ringing: %1 — show</source>
        <translation>Звонит ещё: %1 — показать</translation>
    </message>
</context>
<context>
    <name>CallsPage</name>
    <message>
        <location filename="../../ui/calls_page.py" line="153"/>
        <source>Missed calls to call back: F9 marks the selected one as called back</source>
        <translation>Пропущенные звонки, на которые нужно перезвонить: F9 отмечает выбранный как перезвоненный</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="154"/>
        <location filename="../../ui/calls_page.py" line="266"/>
        <source>Missed calls to call back</source>
        <translation>Пропущенные: перезвонить</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="155"/>
        <source>No missed calls waiting: everyone has been called back.</source>
        <translation>Пропущенных нет: всем перезвонили.</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="159"/>
        <source>Note for the client&apos;s timeline (optional)</source>
        <translation>Заметка в историю клиента (необязательно)</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="161"/>
        <location filename="../../ui/calls_page.py" line="167"/>
        <source>Called back</source>
        <translation>Перезвонили</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="164"/>
        <source>Mark the selected missed call as called back, with the note (F9)</source>
        <translation>Отметить выбранный пропущенный звонок как перезвоненный, с заметкой (F9)</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="179"/>
        <source>Click a number to call it; Enter or a double-click opens the client card</source>
        <translation>Щелчок по номеру — позвонить; Enter или двойной щелчок — карточка клиента</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="211"/>
        <source>Call log</source>
        <translation>Журнал звонков</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="224"/>
        <source>Calls</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="265"/>
        <source>Missed calls to call back (%1)</source>
        <translation>Пропущенные: перезвонить (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="276"/>
        <source>Calls could not be read: %1</source>
        <translation>Не удалось прочитать звонки: %1</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="286"/>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="291"/>
        <source>The call log could not be read: %1</source>
        <translation>Не удалось прочитать журнал звонков: %1</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="296"/>
        <source>No calls match these filters.</source>
        <translation>Под эти условия звонков нет.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/calls_page.py" line="298"/>
        <source>Calls shown: %n; scroll down for more.</source>
        <translation>
            <numerusform>Показан %n звонок; прокрутите вниз, чтобы увидеть ещё.</numerusform>
            <numerusform>Показано %n звонка; прокрутите вниз, чтобы увидеть ещё.</numerusform>
            <numerusform>Показано %n звонков; прокрутите вниз, чтобы увидеть ещё.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/calls_page.py" line="300"/>
        <source>Calls: %n.</source>
        <translation>
            <numerusform>%n звонок.</numerusform>
            <numerusform>%n звонка.</numerusform>
            <numerusform>%n звонков.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="313"/>
        <source>Select a missed call first.</source>
        <translation>Сначала выберите пропущенный звонок.</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="324"/>
        <source>%1: marked as called back.</source>
        <translation>%1: отмечено, что перезвонили.</translation>
    </message>
    <message>
        <location filename="../../ui/calls_page.py" line="330"/>
        <source>Not marked: %1</source>
        <translation>Не отмечено: %1</translation>
    </message>
</context>
<context>
    <name>ClickToCall</name>
    <message>
        <location filename="../../ui/click_to_call.py" line="102"/>
        <source>Set your phone extension in Settings to place calls.</source>
        <extracomment>How long one click may take in all (connect, log in, Originate, log off).</extracomment>
        <translation>Чтобы звонить, укажите добавочный номер телефона в настройках.</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="105"/>
        <source>Calling %1 from extension %2…</source>
        <translation>Звоним на %1 с добавочного %2…</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="112"/>
        <source>Calling %1: pick up your phone (extension %2), the PBX dials when you answer.</source>
        <translation>Звоним на %1: снимите трубку (добавочный %2), АТС наберёт номер, когда вы ответите.</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="123"/>
        <source>PBX not configured: set [ami] in config.toml (%1)</source>
        <translation>АТС не настроена: заполните раздел [ami] в config.toml (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="124"/>
        <source>PBX not configured: %1</source>
        <translation>АТС не настроена: %1</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="126"/>
        <source>PBX unreachable: %1</source>
        <translation>АТС недоступна: %1</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="128"/>
        <source>The PBX did not place the call: %1</source>
        <translation>АТС не стала звонить: %1</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="130"/>
        <source>Cannot call: %1</source>
        <translation>Не удаётся позвонить: %1</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="131"/>
        <source>The call was not placed: %1</source>
        <translation>Звонок не состоялся: %1</translation>
    </message>
</context>
<context>
    <name>ClientCardView</name>
    <message>
        <location filename="../../ui/client_card.py" line="67"/>
        <source>Find a client with the search box above; their card opens here.</source>
        <translation>Найдите клиента через поиск вверху — его карточка откроется здесь.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="105"/>
        <source>Equipment</source>
        <translation>Оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="105"/>
        <source>No equipment recorded.</source>
        <translation>Оборудование не записано.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="108"/>
        <source>Orders</source>
        <translation>Заказы</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="108"/>
        <source>No orders yet.</source>
        <translation>Заказов пока нет.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="109"/>
        <source>Upcoming visits</source>
        <translation>Предстоящие выезды</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="109"/>
        <source>No visits booked.</source>
        <translation>Выездов не запланировано.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="111"/>
        <source>Past visits</source>
        <translation>Прошедшие выезды</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="111"/>
        <source>No visits yet.</source>
        <translation>Выездов ещё не было.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="137"/>
        <source>Timeline</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="137"/>
        <source>Nothing has happened yet.</source>
        <translation>Пока ничего не происходило.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="169"/>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="183"/>
        <source>The client card could not be loaded: %1</source>
        <translation>Не удалось загрузить карточку клиента: %1</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="198"/>
        <source>Tax ID %1</source>
        <translation>ИНН %1</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="200"/>
        <source>Balance due %1</source>
        <translation>Долг %1</translation>
    </message>
</context>
<context>
    <name>ClientValidation</name>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="31"/>
        <source>Enter the client&apos;s name: a person&apos;s full name or the company&apos;s name.</source>
        <translation>Введите имя клиента: ФИО человека или название организации.</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="32"/>
        <source>The name is longer than 300 characters; shorten it.</source>
        <translation>Имя длиннее 300 символов — сократите его.</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="51"/>
        <source>“%1” is not an e-mail address; use the form name@example.ru or leave it empty.</source>
        <translation>«%1» — не адрес эл. почты; введите его в виде name@example.ru или оставьте поле пустым.</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="56"/>
        <source>Check the phone numbers (%1): type them with the code, e.g. +7 351 123-45-67.</source>
        <translation>Проверьте номера телефонов (%1): вводите их с кодом, например +7 351 123-45-67.</translation>
    </message>
</context>
<context>
    <name>ClientsPage</name>
    <message>
        <location filename="../../ui/clients_page.py" line="50"/>
        <source>↑/↓ move, Enter opens the client card</source>
        <translation>↑/↓ — выбор, Enter открывает карточку клиента</translation>
    </message>
    <message>
        <location filename="../../ui/clients_page.py" line="54"/>
        <location filename="../../ui/clients_page.py" line="109"/>
        <source>Type in the search box above: a phone in any format, a name, an address, a serial or an order number.</source>
        <translation>Введите в поиск вверху телефон в любом формате, имя, адрес, серийный номер или номер заказа.</translation>
    </message>
    <message>
        <location filename="../../ui/clients_page.py" line="89"/>
        <source>Searching for “%1”…</source>
        <translation>Ищем «%1»…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/clients_page.py" line="118"/>
        <source>Results for “%1”: %n</source>
        <translation>
            <numerusform>Найдено по запросу «%1»: %n</numerusform>
            <numerusform>Найдено по запросу «%1»: %n</numerusform>
            <numerusform>Найдено по запросу «%1»: %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/clients_page.py" line="120"/>
        <source>Nothing found for “%1”.</source>
        <translation>По запросу «%1» ничего не найдено.</translation>
    </message>
    <message>
        <location filename="../../ui/clients_page.py" line="129"/>
        <source>The search failed: %1</source>
        <translation>Поиск не удался: %1</translation>
    </message>
    <message>
        <location filename="../../ui/clients_page.py" line="154"/>
        <source>Copied %1</source>
        <translation>Скопировано: %1</translation>
    </message>
</context>
<context>
    <name>ConnectingWindow</name>
    <message>
        <location filename="../../ui/startup.py" line="43"/>
        <source>FieldDesk</source>
        <translation>FieldDesk</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="55"/>
        <source>Connecting to %1…</source>
        <translation>Подключение: %1…</translation>
    </message>
</context>
<context>
    <name>ContactsSection</name>
    <message>
        <location filename="../../ui/client_card_sections.py" line="111"/>
        <source>Contacts</source>
        <translation>Контактные лица</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="111"/>
        <source>No contact people.</source>
        <translation>Контактных лиц нет.</translation>
    </message>
</context>
<context>
    <name>DatabaseSettings</name>
    <message>
        <location filename="../../ui/database_settings.py" line="33"/>
        <source>the embedded database on this computer (%1)</source>
        <translation>встроенная база данных на этом компьютере (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="36"/>
        <source>from the environment variable %1</source>
        <translation>из переменной окружения %1</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="39"/>
        <source>from %1</source>
        <translation>из %1</translation>
    </message>
</context>
<context>
    <name>DatabaseSettingsDialog</name>
    <message>
        <location filename="../../ui/database_settings.py" line="137"/>
        <source>Database settings</source>
        <translation>Настройки базы данных</translation>
    </message>
</context>
<context>
    <name>DatabaseSettingsForm</name>
    <message>
        <location filename="../../ui/database_settings.py" line="54"/>
        <source>Embedded database on this computer (one workstation)</source>
        <translation>Встроенная база данных на этом компьютере (одно рабочее место)</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="55"/>
        <source>Shared database server (every workstation of the company)</source>
        <translation>Общий сервер базы данных (все рабочие места компании)</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="61"/>
        <source>The password is asked for at sign-in and kept in the system keyring.</source>
        <translation>Пароль запрашивается при входе и хранится в системном хранилище паролей.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="66"/>
        <source>The environment variable %1 is set and takes precedence over this setting.</source>
        <translation>Задана переменная окружения %1 — она важнее этой настройки.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="70"/>
        <source>Changes take effect the next time FieldDesk starts.</source>
        <translation>Изменения вступят в силу при следующем запуске FieldDesk.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="89"/>
        <source>The database settings could not be read.</source>
        <translation>Не удалось прочитать настройки базы данных.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="91"/>
        <source>Now using %1.</source>
        <translation>Сейчас используется %1.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="114"/>
        <source>Enter the server&apos;s URL, e.g. postgresql://dispatcher@server:5432/fielddesk.</source>
        <translation>Введите адрес сервера, например postgresql://dispatcher@server:5432/fielddesk.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="120"/>
        <source>Saved: the embedded database on this computer.</source>
        <translation>Сохранено: встроенная база данных на этом компьютере.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="122"/>
        <source>Saved: %1.</source>
        <translation>Сохранено: %1.</translation>
    </message>
</context>
<context>
    <name>DomainLabels</name>
    <message>
        <location filename="../../ui/domain_labels.py" line="10"/>
        <source>person</source>
        <translation>частное лицо</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="11"/>
        <source>company</source>
        <translation>организация</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="15"/>
        <source>mobile</source>
        <translation>мобильный</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="16"/>
        <source>work</source>
        <translation>рабочий</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="17"/>
        <source>home</source>
        <translation>домашний</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="18"/>
        <source>fax</source>
        <translation>факс</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="19"/>
        <source>other</source>
        <translation>другой</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="23"/>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="24"/>
        <source>Call</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="25"/>
        <source>Stage change</source>
        <translation>Смена этапа</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="26"/>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="27"/>
        <source>Task</source>
        <translation>Задача</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="28"/>
        <source>Visit</source>
        <translation>Выезд</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="29"/>
        <source>Payment</source>
        <translation>Оплата</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="34"/>
        <source>Client</source>
        <extracomment>Short labels for what a search hit matched.</extracomment>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="35"/>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="36"/>
        <source>Contact</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="37"/>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="38"/>
        <source>Unit</source>
        <translation>Оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="39"/>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
</context>
<context>
    <name>EmailsSection</name>
    <message>
        <location filename="../../ui/client_card_sections.py" line="95"/>
        <source>E-mail</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="95"/>
        <source>No e-mail addresses.</source>
        <translation>Адресов эл. почты нет.</translation>
    </message>
</context>
<context>
    <name>EquipmentTableModel</name>
    <message>
        <location filename="../../ui/client_card_models.py" line="89"/>
        <source>Unit</source>
        <translation>Оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="89"/>
        <source>Serial</source>
        <translation>Серийный №</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="89"/>
        <source>Warranty</source>
        <translation>Гарантия</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="89"/>
        <source>Site</source>
        <translation>Объект</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="89"/>
        <source>Installed</source>
        <translation>Установлено</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="96"/>
        <source>Installed %1</source>
        <translation>Установлено %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="60"/>
        <source>FieldDesk</source>
        <translation>FieldDesk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="152"/>
        <source>Go to %1</source>
        <translation>Перейти: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="157"/>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="161"/>
        <source>New client</source>
        <translation>Новый клиент</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163"/>
        <source>Create a client (Ctrl+N)</source>
        <translation>Создать клиента (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="169"/>
        <source>Call pane</source>
        <translation>Панель звонка</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171"/>
        <source>Show or hide the call pane (F12)</source>
        <translation>Показать или скрыть панель звонка (F12)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="175"/>
        <source>DB ok · %1</source>
        <translation>БД в порядке · %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <source>sync: connecting…</source>
        <translation>синхронизация: подключение…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="177"/>
        <source>FieldDesk %1</source>
        <translation>FieldDesk %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="195"/>
        <source>sync ✓</source>
        <translation>синхронизация ✓</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="196"/>
        <source>Changes made on other workstations appear here within a second.</source>
        <translation>Изменения с других рабочих мест появляются здесь в течение секунды.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="198"/>
        <source>sync offline</source>
        <translation>нет синхронизации</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="278"/>
        <source>Client saved.</source>
        <translation>Клиент сохранён.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="309"/>
        <source>ext %1</source>
        <translation>доб. %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="310"/>
        <source>Calls ringing this extension open the call pane</source>
        <translation>Звонки на этот добавочный открывают панель звонка</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="312"/>
        <source>no phone extension</source>
        <translation>добавочный не указан</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="313"/>
        <source>Set this desk&apos;s phone extension in Settings to see who is calling and to place calls</source>
        <translation>Укажите в настройках добавочный номер этого рабочего места, чтобы видеть, кто звонит, и звонить самим</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="333"/>
        <source>Missed calls waiting: %n</source>
        <translation>
            <numerusform>Ждёт перезвона: %n пропущенный</numerusform>
            <numerusform>Ждут перезвона: %n пропущенных</numerusform>
            <numerusform>Ждут перезвона: %n пропущенных</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="340"/>
        <source>Copied %1</source>
        <translation>Скопировано: %1</translation>
    </message>
</context>
<context>
    <name>MissedCallsTableModel</name>
    <message>
        <location filename="../../ui/call_models.py" line="276"/>
        <source>Deadline</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="276"/>
        <source>Caller</source>
        <translation>Кто звонил</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="276"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="276"/>
        <source>Due by</source>
        <translation>Перезвонить до</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="276"/>
        <source>Missed at</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="277"/>
        <source>Tries</source>
        <translation>Попыток</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="277"/>
        <source>Calls back</source>
        <translation>Перезванивает</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="317"/>
        <source>unknown number</source>
        <translation>неизвестный номер</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="325"/>
        <source>anyone</source>
        <translation>любой</translation>
    </message>
</context>
<context>
    <name>NavigationRail</name>
    <message>
        <location filename="../../ui/navigation_rail.py" line="38"/>
        <source>Calls</source>
        <extracomment>Item data role holding an entry&apos;s live counter (missed calls to call back on Calls).</extracomment>
        <translation>Звонки</translation>
    </message>
    <message>
        <location filename="../../ui/navigation_rail.py" line="39"/>
        <source>Orders</source>
        <translation>Заказы</translation>
    </message>
    <message>
        <location filename="../../ui/navigation_rail.py" line="40"/>
        <source>Orders: not built yet — pipelines as kanban boards and a registry with filters and export, coming with the orders module.</source>
        <translation>Заказы: раздел ещё не готов — воронки в виде канбан-досок и реестр с фильтрами и выгрузкой появятся вместе с модулем заказов.</translation>
    </message>
    <message>
        <location filename="../../ui/navigation_rail.py" line="42"/>
        <source>Planning</source>
        <translation>Планирование</translation>
    </message>
    <message>
        <location filename="../../ui/navigation_rail.py" line="43"/>
        <source>Planning board: not built yet — technicians × hours beside a map, coming with the planning module.</source>
        <translation>Доска планирования: раздел ещё не готов — мастера × часы рядом с картой появятся вместе с модулем планирования.</translation>
    </message>
    <message>
        <location filename="../../ui/navigation_rail.py" line="45"/>
        <source>Clients &amp; equipment</source>
        <translation>Клиенты и оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/navigation_rail.py" line="46"/>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <location filename="../../ui/navigation_rail.py" line="47"/>
        <source>Overdue work: not built yet — late orders, visits and callbacks with who is responsible, coming with the SLA module.</source>
        <translation>Просроченная работа: раздел ещё не готов — просроченные заказы, выезды и перезвоны с ответственными появятся вместе с модулем SLA.</translation>
    </message>
    <message>
        <location filename="../../ui/navigation_rail.py" line="49"/>
        <source>Dashboards</source>
        <translation>Дашборды</translation>
    </message>
    <message>
        <location filename="../../ui/navigation_rail.py" line="50"/>
        <source>Dashboards: not built yet — workload, SLA and revenue charts, coming with the reports module.</source>
        <translation>Дашборды: раздел ещё не готов — графики загрузки, SLA и выручки появятся вместе с модулем отчётов.</translation>
    </message>
    <message>
        <location filename="../../ui/navigation_rail.py" line="52"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
</context>
<context>
    <name>NewClientDialog</name>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="76"/>
        <source>New client</source>
        <translation>Новый клиент</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="83"/>
        <source>Full name or company name</source>
        <translation>ФИО или название организации</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="85"/>
        <source>+7 351 123-45-67, 8 912 000-00-00</source>
        <translation>+7 351 123-45-67, 8 912 000-00-00</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="88"/>
        <source>name@example.ru</source>
        <translation>name@example.ru</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="90"/>
        <source>City, street, building, flat</source>
        <translation>Город, улица, дом, квартира</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="107"/>
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="108"/>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="109"/>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="110"/>
        <source>E-mail</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="111"/>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="112"/>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="125"/>
        <source>Save the client (Enter or Ctrl+S)</source>
        <translation>Сохранить клиента (Enter или Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="126"/>
        <source>Close without saving (Esc)</source>
        <translation>Закрыть без сохранения (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="200"/>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="220"/>
        <source>The client was not saved: %1</source>
        <translation>Клиент не сохранён: %1</translation>
    </message>
</context>
<context>
    <name>OrdersTableModel</name>
    <message>
        <location filename="../../ui/client_card_models.py" line="130"/>
        <source>№</source>
        <translation>№</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="130"/>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="130"/>
        <source>Stage</source>
        <translation>Этап</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="130"/>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="130"/>
        <source>Created</source>
        <translation>Создан</translation>
    </message>
</context>
<context>
    <name>PhoneExtensionForm</name>
    <message>
        <location filename="../../ui/pages.py" line="46"/>
        <source>e.g. 201</source>
        <translation>например, 201</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="48"/>
        <source>The extension of the phone on this desk; Enter applies it</source>
        <translation>Добавочный номер телефона на этом рабочем месте; Enter применяет его</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="50"/>
        <source>Phone extension of this desk:</source>
        <translation>Добавочный номер этого рабочего места:</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="53"/>
        <source>Leave empty to use your own extension, %1.</source>
        <translation>Оставьте пустым, чтобы использовать ваш собственный добавочный, %1.</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="55"/>
        <source>Your user has no extension; type the one of the phone on this desk.</source>
        <translation>У вашего пользователя нет добавочного номера; введите номер телефона на этом рабочем месте.</translation>
    </message>
</context>
<context>
    <name>PhoneLink</name>
    <message>
        <location filename="../../ui/phone_link.py" line="39"/>
        <location filename="../../ui/phone_link.py" line="47"/>
        <source>Call %1 (click or Space); right-click to copy the number</source>
        <translation>Позвонить на %1 (щелчок или пробел); правый щелчок — скопировать номер</translation>
    </message>
    <message>
        <location filename="../../ui/phone_link.py" line="56"/>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <location filename="../../ui/phone_link.py" line="59"/>
        <source>Copy number</source>
        <translation>Скопировать номер</translation>
    </message>
</context>
<context>
    <name>PhonesSection</name>
    <message>
        <location filename="../../ui/client_card_sections.py" line="68"/>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="68"/>
        <source>No phone numbers.</source>
        <translation>Телефонов нет.</translation>
    </message>
</context>
<context>
    <name>RecentCallsTableModel</name>
    <message>
        <location filename="../../ui/call_models.py" line="340"/>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="340"/>
        <source>Direction</source>
        <translation>Направление</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="340"/>
        <source>Status</source>
        <translation>Исход</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="340"/>
        <source>Talk</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="362"/>
        <source>extension %1</source>
        <translation>добавочный %1</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../ui/search.py" line="93"/>
        <source>Search: phone, name, address, serial, order №</source>
        <translation>Поиск: телефон, имя, адрес, серийный №, № заказа</translation>
    </message>
    <message>
        <location filename="../../ui/search.py" line="94"/>
        <source>Find a client by phone in any format, name, address, serial or order number (Ctrl+K)</source>
        <translation>Найти клиента по телефону в любом формате, имени, адресу, серийному номеру или номеру заказа (Ctrl+K)</translation>
    </message>
</context>
<context>
    <name>SearchResultsTableModel</name>
    <message>
        <location filename="../../ui/search.py" line="73"/>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../ui/search.py" line="74"/>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <location filename="../../ui/search.py" line="75"/>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/pages.py" line="91"/>
        <source>Save database setting</source>
        <translation>Сохранить настройку базы данных</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="92"/>
        <source>Save the database choice; FieldDesk uses it after a restart (Ctrl+S)</source>
        <translation>Сохранить выбор базы данных; FieldDesk применит его после перезапуска (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="101"/>
        <source>Language: English. FieldDesk follows the system language; set FIELDDESK_LANG to ru or en to choose.</source>
        <translation>Язык: русский. FieldDesk следует языку системы; чтобы выбрать язык, задайте FIELDDESK_LANG=ru или en.</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="104"/>
        <source>FieldDesk %1</source>
        <translation>FieldDesk %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="111"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="113"/>
        <source>Database</source>
        <translation>База данных</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="117"/>
        <source>Telephony</source>
        <translation>Телефония</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="120"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="134"/>
        <source>Restart FieldDesk to use it.</source>
        <translation>Перезапустите FieldDesk, чтобы применить.</translation>
    </message>
</context>
<context>
    <name>SitesSection</name>
    <message>
        <location filename="../../ui/client_card_sections.py" line="138"/>
        <source>Sites</source>
        <translation>Объекты</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="138"/>
        <source>No addresses yet.</source>
        <translation>Адресов пока нет.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="145"/>
        <source>Access: %1</source>
        <translation>Доступ: %1</translation>
    </message>
</context>
<context>
    <name>StartupController</name>
    <message>
        <location filename="../../ui/startup.py" line="88"/>
        <source>the embedded database in %1</source>
        <translation>встроенная база данных в %1</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="111"/>
        <source>The database is empty: loading demo data so that there is something to look at…</source>
        <translation>База данных пуста: загружаем демонстрационные данные, чтобы было с чем работать…</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="113"/>
        <location filename="../../ui/startup.py" line="136"/>
        <source>FieldDesk</source>
        <translation>FieldDesk</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="124"/>
        <source>Loading demo data: %1</source>
        <translation>Загрузка демонстрационных данных: %1</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="137"/>
        <source>The demo data could not be loaded: %1

FieldDesk opens with an empty database.</source>
        <translation>Не удалось загрузить демонстрационные данные: %1

FieldDesk откроется с пустой базой данных.</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="153"/>
        <source>FieldDesk: database not available</source>
        <translation>FieldDesk: база данных недоступна</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="154"/>
        <source>FieldDesk cannot open its database.</source>
        <translation>FieldDesk не может открыть базу данных.</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="156"/>
        <source>Database: %1

%2</source>
        <translation>База данных: %1

%2</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="158"/>
        <source>Retry</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="159"/>
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="160"/>
        <location filename="../../ui/startup.py" line="192"/>
        <source>Quit</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="183"/>
        <source>FieldDesk %1</source>
        <translation>FieldDesk %1</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="184"/>
        <source>a newer FieldDesk</source>
        <translation>более новой версией FieldDesk</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="185"/>
        <source>This database was migrated by %1 (schema %2); this is FieldDesk %3 (schema %4). Update FieldDesk on this computer before connecting to it.</source>
        <translation>Эта база данных обновлена версией %1 (схема %2), а здесь установлен FieldDesk %3 (схема %4). Обновите FieldDesk на этом компьютере, прежде чем подключаться к ней.</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="189"/>
        <source>FieldDesk: update needed</source>
        <translation>FieldDesk: нужно обновление</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="191"/>
        <source>FieldDesk will not change a database made by a newer version.</source>
        <translation>FieldDesk не изменяет базу данных, созданную более новой версией.</translation>
    </message>
</context>
<context>
    <name>StatusPalette</name>
    <message>
        <location filename="../../ui/status_palette.py" line="51"/>
        <source>planned</source>
        <extracomment>Warranty that ends within this many days counts as &quot;expiring soon&quot;. Usage-limited warranty with less than this left counts as &quot;expiring soon&quot;.</extracomment>
        <translation>запланирован</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="52"/>
        <source>confirmed</source>
        <translation>подтверждён</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="53"/>
        <source>en route</source>
        <translation>в пути</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="54"/>
        <source>on site</source>
        <translation>на объекте</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="55"/>
        <source>done</source>
        <translation>выполнен</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="56"/>
        <source>cancelled</source>
        <translation>отменён</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="18"/>
        <source>ringing</source>
        <translation>звонит</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="19"/>
        <source>talking</source>
        <translation>разговор</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="20"/>
        <source>answered</source>
        <translation>принят</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="21"/>
        <source>missed</source>
        <translation>пропущен</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="22"/>
        <source>no answer</source>
        <translation>без ответа</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="32"/>
        <location filename="../../ui/status_palette.py" line="57"/>
        <source>overdue</source>
        <extracomment>Callback deadlines: past due (red), due within DUE_SOON_SECONDS (amber), later (grey, &quot;on time&quot;).</extracomment>
        <translation>просрочен</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="33"/>
        <source>due soon</source>
        <translation>скоро срок</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="34"/>
        <source>on time</source>
        <translation>в срок</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="58"/>
        <source>conflict</source>
        <translation>конфликт</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="59"/>
        <source>waiting</source>
        <translation>ожидание</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="63"/>
        <source>under warranty</source>
        <translation>на гарантии</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="64"/>
        <source>expiring soon</source>
        <translation>скоро истекает</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="65"/>
        <location filename="../../ui/status_palette.py" line="96"/>
        <source>expired</source>
        <translation>истекла</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="66"/>
        <source>no data</source>
        <translation>нет данных</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="93"/>
        <source>no warranty data</source>
        <translation>нет данных о гарантии</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="100"/>
        <source>until %1</source>
        <translation>до %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/status_palette.py" line="106"/>
        <source>%n engine hours left</source>
        <translation>
            <numerusform>остался %n моточас</numerusform>
            <numerusform>осталось %n моточаса</numerusform>
            <numerusform>осталось %n моточасов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/status_palette.py" line="108"/>
        <source>%n km left</source>
        <translation>
            <numerusform>остался %n км</numerusform>
            <numerusform>осталось %n км</numerusform>
            <numerusform>осталось %n км</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelineTableModel</name>
    <message>
        <location filename="../../ui/client_card_models.py" line="204"/>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="204"/>
        <source>What happened</source>
        <translation>Что произошло</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="220"/>
        <location filename="../../ui/client_card_models.py" line="237"/>
        <source>private</source>
        <translation>личное</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="233"/>
        <source>order %1</source>
        <translation>заказ %1</translation>
    </message>
</context>
<context>
    <name>VisitsTableModel</name>
    <message>
        <location filename="../../ui/client_card_models.py" line="164"/>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="164"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="164"/>
        <source>Technician</source>
        <translation>Мастер</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="164"/>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="164"/>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="181"/>
        <source>not assigned</source>
        <translation>не назначен</translation>
    </message>
</context>
</TS>
