<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>AttachmentsTableModel</name>
    <message>
        <location filename="../../ui/order_card_sections.py" line="123"/>
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="123"/>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="123"/>
        <source>Size</source>
        <translation>Размер</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="123"/>
        <source>Attached</source>
        <translation>Добавлен</translation>
    </message>
</context>
<context>
    <name>BoardFilterBar</name>
    <message>
        <location filename="../../ui/kanban_board.py" line="55"/>
        <source>Pipeline shown on the board</source>
        <translation>Воронка, показанная на доске</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="57"/>
        <source>Responsible person (Alt+O)</source>
        <translation>Ответственный (Alt+O)</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="59"/>
        <source>Orders whose address lies in the zone</source>
        <translation>Заказы с адресом в этой зоне</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="61"/>
        <source>Where the request came from</source>
        <translation>Откуда пришла заявка</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="62"/>
        <source>Any source</source>
        <translation>Любой источник</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="66"/>
        <source>When the order was created</source>
        <translation>Когда создан заказ</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="67"/>
        <source>Created any time</source>
        <translation>Создан: за всё время</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="67"/>
        <source>Created today</source>
        <translation>Создан: сегодня</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="68"/>
        <source>Created in 7 days</source>
        <translation>Создан: за 7 дней</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="68"/>
        <source>Created in 30 days</source>
        <translation>Создан: за 30 дней</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="69"/>
        <source>Created in 90 days</source>
        <translation>Создан: за 90 дней</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="69"/>
        <source>Created between…</source>
        <translation>Создан: в период…</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="81"/>
        <source>Number, title, client, address</source>
        <translation>Номер, название, клиент, адрес</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="83"/>
        <source>Show only the cards that match (Alt+F)</source>
        <translation>Показать только подходящие карточки (Alt+F)</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="113"/>
        <source>Any owner</source>
        <translation>Любой ответственный</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="115"/>
        <source>My orders</source>
        <translation>Мои заказы</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="119"/>
        <source>Any zone</source>
        <translation>Любая зона</translation>
    </message>
</context>
<context>
    <name>BookVisitDialog</name>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="133"/>
        <source>Book a visit</source>
        <translation>Записать на выезд</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="154"/>
        <source>Enter or double-click books the slot</source>
        <translation>Enter или двойной щелчок записывает в выбранное окно</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="165"/>
        <source>Loading the client&apos;s orders and addresses…</source>
        <translation>Загрузка заказов и адресов клиента…</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="172"/>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="174"/>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="176"/>
        <source>Service</source>
        <translation>Услуга</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="182"/>
        <source>Days</source>
        <translation>Период</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="184"/>
        <source>Book</source>
        <translation>Записать</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="185"/>
        <source>Book the selected slot (Ctrl+Enter)</source>
        <translation>Записать в выбранное окно (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="191"/>
        <source>Close without booking (Esc)</source>
        <translation>Закрыть без записи (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="226"/>
        <source>New order…</source>
        <translation>Новый заказ…</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="231"/>
        <source>Create the order first (New order), then book its visit.</source>
        <translation>Сначала создайте заказ (Новый заказ), затем запишите его на выезд.</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="235"/>
        <source>The client has no open orders: create the order first (New order), then book its visit.</source>
        <translation>У клиента нет открытых заказов: сначала создайте заказ (Новый заказ), затем запишите его на выезд.</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="238"/>
        <source>For a new order, create it first (New order), then book its visit.</source>
        <translation>Новый заказ сначала создайте (Новый заказ), затем запишите его на выезд.</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="241"/>
        <source>%1 (no coordinates)</source>
        <translation>%1 (нет координат)</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="245"/>
        <source>%1 · %2 min</source>
        <translation>%1 · %2 мин</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="257"/>
        <source>The client&apos;s orders could not be read: %1</source>
        <translation>Не удалось прочитать заказы клиента: %1</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="280"/>
        <source>The visit goes to the order&apos;s address; change it in the order card</source>
        <translation>Выезд — по адресу заказа; изменить его можно в карточке заказа</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="281"/>
        <source>The order has no address yet: the one chosen becomes the order&apos;s</source>
        <translation>У заказа пока нет адреса: выбранный станет адресом заказа</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="302"/>
        <source>The client has no address: add one in the client card first.</source>
        <translation>У клиента нет адреса: сначала добавьте его в карточке клиента.</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="305"/>
        <source>Choose the address.</source>
        <translation>Выберите адрес.</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="308"/>
        <source>This address has no coordinates, so no zone or technician can be matched to it: put it on the map in the client card, then book.</source>
        <translation>У этого адреса нет координат, поэтому к нему не подобрать ни зону, ни мастера: отметьте его на карте в карточке клиента, затем записывайте.</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="314"/>
        <source>No services in the catalog: add one in Settings first.</source>
        <translation>В каталоге нет услуг: сначала добавьте услугу в настройках.</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="318"/>
        <source>Choose at most %1 days.</source>
        <translation>Выберите период не длиннее %1 дн.</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="320"/>
        <source>Looking for free slots…</source>
        <translation>Ищем свободное время…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/book_visit_dialog.py" line="331"/>
        <source>%n free slot(s); choose one and book it (Ctrl+Enter).</source>
        <translation>
            <numerusform>%n свободное окно; выберите и запишите (Ctrl+Enter).</numerusform>
            <numerusform>%n свободных окна; выберите одно и запишите (Ctrl+Enter).</numerusform>
            <numerusform>%n свободных окон; выберите одно и запишите (Ctrl+Enter).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="335"/>
        <source>No free slots on these days: try other days or another service, or ask the service head to add shifts.</source>
        <translation>В эти дни свободного времени нет: попробуйте другие дни или другую услугу либо попросите руководителя сервиса добавить смены.</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="341"/>
        <source>The free slots could not be read: %1</source>
        <translation>Не удалось прочитать свободное время: %1</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="361"/>
        <source>Booking…</source>
        <translation>Записываем…</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="379"/>
        <source>The visit was not booked: %1</source>
        <translation>Выезд не записан: %1</translation>
    </message>
</context>
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
        <location filename="../../ui/call_models.py" line="94"/>
        <source>When</source>
        <extracomment>Roles every call model answers, so views and pages can act on a row without knowing the model.</extracomment>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="94"/>
        <source>Direction</source>
        <translation>Направление</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="95"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="95"/>
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="96"/>
        <source>Ext.</source>
        <translation>Доб.</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="96"/>
        <source>Status</source>
        <translation>Исход</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="97"/>
        <source>Talk</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="97"/>
        <source>Recording</source>
        <translation>Запись</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="137"/>
        <source>unknown number</source>
        <translation>неизвестный номер</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="143"/>
        <source>▶ listen</source>
        <translation>▶ слушать</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="148"/>
        <source>Call %1 (click); right-click for more</source>
        <translation>Позвонить на %1 (щелчок); правый щелчок — другие действия</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="154"/>
        <source>Rang %1, talked %2</source>
        <translation>Гудки %1, разговор %2</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="157"/>
        <source>Double-click or Enter opens the client card</source>
        <translation>Двойной щелчок или Enter открывает карточку клиента</translation>
    </message>
</context>
<context>
    <name>CallPane</name>
    <message>
        <location filename="../../ui/call_pane.py" line="68"/>
        <source>Call</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane.py" line="198"/>
        <source>The call pane could not read the call: %1</source>
        <translation>Панель звонка не смогла прочитать звонок: %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane.py" line="238"/>
        <source>Note saved to %1&apos;s timeline.</source>
        <translation>Заметка сохранена в истории клиента: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane.py" line="243"/>
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
    <name>CallbackAlerts</name>
    <message>
        <location filename="../../ui/callback_alerts.py" line="40"/>
        <source>Escalated to you: %1</source>
        <translation>Передано вам по эскалации: %1</translation>
    </message>
    <message>
        <location filename="../../ui/callback_alerts.py" line="42"/>
        <source>Reminder: %1</source>
        <translation>Напоминание: %1</translation>
    </message>
</context>
<context>
    <name>CallerView</name>
    <message>
        <location filename="../../ui/call_pane_view.py" line="93"/>
        <source>Time since the call started; the talk time once it is over</source>
        <translation>Время с начала звонка; после звонка — длительность разговора</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="95"/>
        <source>Pin</source>
        <translation>Закрепить</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="97"/>
        <source>Pin the pane: it stays open between calls (Ctrl+Shift+P)</source>
        <translation>Закрепить панель: она остаётся открытой между звонками (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="109"/>
        <location filename="../../ui/call_pane_view.py" line="146"/>
        <source>Open the client card (Ctrl+Shift+O)</source>
        <translation>Открыть карточку клиента (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="120"/>
        <source>Equipment</source>
        <translation>Оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="120"/>
        <source>No equipment recorded.</source>
        <translation>Оборудование не записано.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="122"/>
        <source>Open orders</source>
        <translation>Открытые заказы</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="122"/>
        <source>No open orders.</source>
        <translation>Открытых заказов нет.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="128"/>
        <source>Next visits</source>
        <translation>Ближайшие выезды</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="128"/>
        <source>No visits booked.</source>
        <translation>Выездов не запланировано.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="130"/>
        <source>Last visits</source>
        <translation>Последние выезды</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="130"/>
        <source>No visits yet.</source>
        <translation>Выездов ещё не было.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="132"/>
        <source>Earlier calls</source>
        <translation>Прежние звонки</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="132"/>
        <source>No earlier calls from this number.</source>
        <translation>С этого номера раньше не звонили.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="137"/>
        <source>New client…</source>
        <translation>Новый клиент…</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="138"/>
        <source>Create a client with this number (Ctrl+Shift+N)</source>
        <translation>Создать клиента с этим номером (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="140"/>
        <source>New order…</source>
        <translation>Новый заказ…</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="141"/>
        <source>Create an order for this client (Ctrl+Shift+R)</source>
        <translation>Создать заказ для этого клиента (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="143"/>
        <source>Book a visit…</source>
        <translation>Записать на выезд…</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="144"/>
        <source>Book a visit for one of the client&apos;s orders (Ctrl+Shift+B)</source>
        <translation>Записать на выезд по одному из заказов клиента (Ctrl+Shift+B)</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="146"/>
        <source>Open card</source>
        <translation>Открыть карточку</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="150"/>
        <source>What was agreed (saved to the client&apos;s timeline)</source>
        <translation>О чём договорились (сохранится в истории клиента)</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="152"/>
        <source>Save note</source>
        <translation>Сохранить заметку</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="152"/>
        <source>Save the note to the client&apos;s timeline (Ctrl+Enter)</source>
        <translation>Сохранить заметку в историю клиента (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="156"/>
        <source>No call right now. The pane opens by itself when your phone rings.</source>
        <translation>Сейчас звонка нет. Панель откроется сама, когда зазвонит ваш телефон.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="197"/>
        <source>Note about the call</source>
        <translation>Заметка о звонке</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="247"/>
        <source>number withheld</source>
        <translation>номер скрыт</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="260"/>
        <source>Balance due %1</source>
        <translation>Долг %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="261"/>
        <source>Nothing owed</source>
        <translation>Долгов нет</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="279"/>
        <source>Several clients have this number; open the right one:</source>
        <translation>Этот номер есть у нескольких клиентов; откройте нужного:</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="285"/>
        <source>No client has this number.</source>
        <translation>Этого номера нет ни у одного клиента.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="287"/>
        <source>The caller&apos;s number is unknown.</source>
        <translation>Номер звонящего неизвестен.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="300"/>
        <source>answered at extension %1</source>
        <translation>ответили на добавочном %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="302"/>
        <source>extension %1</source>
        <translation>добавочный %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="318"/>
        <source>Create the client first to keep a note on their timeline.</source>
        <translation>Сначала создайте клиента, чтобы сохранить заметку в его истории.</translation>
    </message>
    <message>
        <location filename="../../ui/call_pane_view.py" line="327"/>
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
    <name>ClaimDialog</name>
    <message>
        <location filename="../../ui/claim_dialog.py" line="110"/>
        <source>Warranty claim</source>
        <translation>Рекламация</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="129"/>
        <source>What fails, when and how it shows; left empty, the order&apos;s description is taken</source>
        <translation>Что не работает, когда и как проявляется; если оставить пустым, возьмётся описание заказа</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="133"/>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="133"/>
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="133"/>
        <source>Size</source>
        <translation>Размер</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="135"/>
        <source>The order&apos;s photos and documents; the letter lists the checked ones as enclosures (Space checks). Attach more on the order card.</source>
        <translation>Фото и документы заказа; в письме приложениями перечислены отмеченные (Пробел отмечает). Добавить файлы можно в карточке заказа.</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="137"/>
        <source>Preview letter…</source>
        <translation>Просмотр письма…</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="138"/>
        <source>Show the letter with the defect and the checked enclosures, to print or save (Ctrl+P)</source>
        <translation>Показать письмо с описанием дефекта и отмеченными приложениями, чтобы напечатать или сохранить (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="142"/>
        <location filename="../../ui/claim_dialog.py" line="228"/>
        <source>Save draft</source>
        <translation>Сохранить черновик</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="144"/>
        <source>Generate letter</source>
        <translation>Сформировать письмо</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="145"/>
        <source>Print the claim letter and attach it to the order</source>
        <translation>Распечатать рекламационное письмо и прикрепить его к заказу</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="147"/>
        <source>Mark sent</source>
        <translation>Отметить отправку</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="150"/>
        <source>Manufacturer&apos;s claim act number</source>
        <translation>Номер акта рекламации производителя</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="151"/>
        <source>Choose act file…</source>
        <translation>Выбрать файл акта…</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="153"/>
        <source>Confirmed</source>
        <translation>Подтверждена</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="156"/>
        <source>The manufacturer&apos;s reason</source>
        <translation>Причина отказа производителя</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="157"/>
        <source>Rejected</source>
        <translation>Отклонена</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="167"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="187"/>
        <source>Defect:</source>
        <translation>Неисправность:</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="188"/>
        <source>Enclosures:</source>
        <translation>Приложения:</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="191"/>
        <source>Confirmed by act:</source>
        <translation>Подтверждена актом:</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="192"/>
        <source>Rejected:</source>
        <translation>Отклонена:</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="211"/>
        <source>no manufacturer</source>
        <translation>производитель не указан</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="212"/>
        <source>Order %1 · %2 · %3</source>
        <translation>Заказ %1 · %2 · %3</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="213"/>
        <source>no unit</source>
        <translation>без оборудования</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="228"/>
        <source>New claim</source>
        <translation>Новая рекламация</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="269"/>
        <source>Describe the defect and save the draft or generate the letter.</source>
        <translation>Опишите неисправность и сохраните черновик или сформируйте письмо.</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="271"/>
        <source>Confirmed by act %1 (%2).</source>
        <translation>Подтверждена актом %1 (%2).</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="274"/>
        <source>Rejected: %1</source>
        <translation>Отклонена: %1</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="276"/>
        <source>Sent on %1; waiting for the manufacturer&apos;s answer.</source>
        <translation>Отправлена %1; ждём ответа производителя.</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="278"/>
        <source>Draft: generate the letter, send it, then mark it sent.</source>
        <translation>Черновик: сформируйте письмо, отправьте его и отметьте отправку.</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="307"/>
        <source>Not bound into the letter&apos;s PDF (the letter lists them as sent separately): %1</source>
        <translation>Не вложены в PDF письма (в письме указаны как прилагаемые отдельно): %1</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="310"/>
        <source>Send separately (the letter says so): %1</source>
        <translation>Отправить отдельно (в письме это указано): %1</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="322"/>
        <source>Claim saved.</source>
        <translation>Рекламация сохранена.</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="325"/>
        <source>Claim drafted.</source>
        <translation>Черновик рекламации создан.</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="330"/>
        <location filename="../../ui/claim_dialog.py" line="348"/>
        <source>There is no claim letter template for this order; add one in Settings.</source>
        <translation>Для этого заказа нет шаблона рекламационного письма; добавьте его в настройках.</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="343"/>
        <source>The claim letter is attached to the order.</source>
        <translation>Рекламационное письмо прикреплено к заказу.</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="376"/>
        <source>Claim marked sent.</source>
        <translation>Рекламация отмечена как отправленная.</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="379"/>
        <source>The manufacturer&apos;s claim act</source>
        <translation>Акт рекламации производителя</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="380"/>
        <source>Documents and scans (*.pdf *.jpg *.jpeg *.png);;All files (*)</source>
        <translation>Документы и сканы (*.pdf *.jpg *.jpeg *.png);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="388"/>
        <source>Choose the file of the manufacturer&apos;s claim act (its scan or PDF).</source>
        <translation>Выберите файл акта рекламации производителя (скан или PDF).</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="393"/>
        <source>The file cannot be read: %1</source>
        <translation>Не удаётся прочитать файл: %1</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="398"/>
        <source>Claim confirmed.</source>
        <translation>Рекламация подтверждена.</translation>
    </message>
    <message>
        <location filename="../../ui/claim_dialog.py" line="403"/>
        <source>Claim marked rejected.</source>
        <translation>Рекламация отмечена как отклонённая.</translation>
    </message>
</context>
<context>
    <name>ClickToCall</name>
    <message>
        <location filename="../../ui/click_to_call.py" line="101"/>
        <source>Set your phone extension in Settings to place calls.</source>
        <extracomment>How long one click may take in all (connect, log in, Originate, log off).</extracomment>
        <translation>Чтобы звонить, укажите добавочный номер телефона в настройках.</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="104"/>
        <source>Calling %1 from extension %2…</source>
        <translation>Звоним на %1 с добавочного %2…</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="111"/>
        <source>Calling %1: pick up your phone (extension %2), the PBX dials when you answer.</source>
        <translation>Звоним на %1: снимите трубку (добавочный %2), АТС наберёт номер, когда вы ответите.</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="122"/>
        <source>PBX not configured: set [ami] in config.toml (%1)</source>
        <translation>АТС не настроена: заполните раздел [ami] в config.toml (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="123"/>
        <source>PBX not configured: %1</source>
        <translation>АТС не настроена: %1</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="125"/>
        <source>PBX unreachable: %1</source>
        <translation>АТС недоступна: %1</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="127"/>
        <source>The PBX did not place the call: %1</source>
        <translation>АТС не стала звонить: %1</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="129"/>
        <source>Cannot call: %1</source>
        <translation>Не удаётся позвонить: %1</translation>
    </message>
    <message>
        <location filename="../../ui/click_to_call.py" line="130"/>
        <source>The call was not placed: %1</source>
        <translation>Звонок не состоялся: %1</translation>
    </message>
</context>
<context>
    <name>ClientCardView</name>
    <message>
        <location filename="../../ui/client_card.py" line="74"/>
        <source>Find a client with the search box above; their card opens here.</source>
        <translation>Найдите клиента через поиск вверху — его карточка откроется здесь.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="114"/>
        <source>Equipment</source>
        <translation>Оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="114"/>
        <source>No equipment recorded.</source>
        <translation>Оборудование не записано.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="117"/>
        <source>Add unit…</source>
        <translation>Добавить оборудование…</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="118"/>
        <source>Register a unit of this client (Ctrl+U)</source>
        <translation>Зарегистрировать оборудование клиента (Ctrl+U)</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="120"/>
        <source>Orders</source>
        <translation>Заказы</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="120"/>
        <source>No orders yet.</source>
        <translation>Заказов пока нет.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="125"/>
        <source>Double-click or Enter opens the unit&apos;s card</source>
        <translation>Двойной щелчок или Enter открывает карточку оборудования</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="126"/>
        <source>Double-click or Enter opens the order</source>
        <translation>Двойной щелчок или Enter открывает заказ</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="127"/>
        <source>Upcoming visits</source>
        <translation>Предстоящие выезды</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="127"/>
        <source>No visits booked.</source>
        <translation>Выездов не запланировано.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="129"/>
        <source>Past visits</source>
        <translation>Прошедшие выезды</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="129"/>
        <source>No visits yet.</source>
        <translation>Выездов ещё не было.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="155"/>
        <source>Timeline</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="155"/>
        <source>Nothing has happened yet.</source>
        <translation>Пока ничего не происходило.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="187"/>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="201"/>
        <source>The client card could not be loaded: %1</source>
        <translation>Не удалось загрузить карточку клиента: %1</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="216"/>
        <source>Tax ID %1</source>
        <translation>ИНН %1</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="218"/>
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
    <name>CommentBox</name>
    <message>
        <location filename="../../ui/order_card_sections.py" line="431"/>
        <source>Internal comment for colleagues (Ctrl+Enter adds it)</source>
        <translation>Внутренний комментарий для коллег (Ctrl+Enter — добавить)</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="434"/>
        <source>Private</source>
        <translation>Скрытый</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="435"/>
        <source>Technicians and accountants will not see this comment</source>
        <translation>Мастера и бухгалтеры не увидят этот комментарий</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="436"/>
        <source>Add comment</source>
        <translation>Добавить комментарий</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="437"/>
        <source>Add the comment to the order&apos;s timeline (Ctrl+Enter)</source>
        <translation>Добавить комментарий в историю заказа (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="464"/>
        <source>Type the comment first.</source>
        <translation>Сначала введите комментарий.</translation>
    </message>
</context>
<context>
    <name>CompanySettingsForm</name>
    <message>
        <location filename="../../ui/company_settings.py" line="42"/>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <location filename="../../ui/company_settings.py" line="43"/>
        <source>A missed call must be called back within this time; the service reminds the dispatcher before it and escalates to a supervisor after it.</source>
        <translation>На пропущенный звонок нужно перезвонить в течение этого времени; сервис напоминает диспетчеру до срока и передаёт звонок руководителю, если срок прошёл.</translation>
    </message>
    <message>
        <location filename="../../ui/company_settings.py" line="48"/>
        <source>Public holidays of this country are not offered for booking.</source>
        <translation>Праздничные дни этой страны не предлагаются для записи.</translation>
    </message>
    <message>
        <location filename="../../ui/company_settings.py" line="52"/>
        <source>Share of each technician&apos;s day kept free for urgent calls when slots are offered.</source>
        <translation>Доля рабочего дня каждого мастера, которую оставляют свободной для срочных вызовов при подборе слотов.</translation>
    </message>
    <message>
        <location filename="../../ui/company_settings.py" line="56"/>
        <source>Callback deadline for a missed call:</source>
        <translation>Срок перезвона по пропущенному звонку:</translation>
    </message>
    <message>
        <location filename="../../ui/company_settings.py" line="57"/>
        <source>Public holidays of:</source>
        <translation>Праздники страны:</translation>
    </message>
    <message>
        <location filename="../../ui/company_settings.py" line="58"/>
        <source>Kept free for urgent calls:</source>
        <translation>Резерв для срочных вызовов:</translation>
    </message>
    <message>
        <location filename="../../ui/company_settings.py" line="59"/>
        <source>Save company settings</source>
        <translation>Сохранить настройки компании</translation>
    </message>
    <message>
        <location filename="../../ui/company_settings.py" line="74"/>
        <source>Only an administrator may change these.</source>
        <translation>Изменять эти настройки может только администратор.</translation>
    </message>
    <message>
        <location filename="../../ui/company_settings.py" line="100"/>
        <source>Company settings saved; every workstation and the call service use them from now on.</source>
        <translation>Настройки компании сохранены; все рабочие места и сервис звонков используют их с этого момента.</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../ui/conflict_dialog.py" line="37"/>
        <source>Changed at another workstation</source>
        <translation>Изменено на другом рабочем месте</translation>
    </message>
    <message>
        <location filename="../../ui/conflict_dialog.py" line="41"/>
        <source>%1 was changed at another workstation while you were editing it. Compare the values and choose which to keep; nothing has been saved yet.</source>
        <translation>%1 изменили на другом рабочем месте, пока вы его редактировали. Сравните значения и выберите, какие оставить; пока ничего не сохранено.</translation>
    </message>
    <message>
        <location filename="../../ui/conflict_dialog.py" line="43"/>
        <source>This order</source>
        <translation>Этот заказ</translation>
    </message>
    <message>
        <location filename="../../ui/conflict_dialog.py" line="47"/>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <location filename="../../ui/conflict_dialog.py" line="47"/>
        <source>Yours</source>
        <translation>Ваше</translation>
    </message>
    <message>
        <location filename="../../ui/conflict_dialog.py" line="47"/>
        <source>Theirs (saved)</source>
        <translation>Их (сохранено)</translation>
    </message>
    <message>
        <location filename="../../ui/conflict_dialog.py" line="71"/>
        <source>Keep theirs</source>
        <translation>Оставить их</translation>
    </message>
    <message>
        <location filename="../../ui/conflict_dialog.py" line="72"/>
        <source>Drop your edits and show the saved order</source>
        <translation>Отменить ваши правки и показать сохранённый заказ</translation>
    </message>
    <message>
        <location filename="../../ui/conflict_dialog.py" line="73"/>
        <source>Apply mine on top of theirs</source>
        <translation>Применить мои поверх их</translation>
    </message>
    <message>
        <location filename="../../ui/conflict_dialog.py" line="74"/>
        <source>Save your values for these fields; their other changes stay</source>
        <translation>Сохранить ваши значения этих полей; остальные их изменения останутся</translation>
    </message>
    <message>
        <location filename="../../ui/conflict_dialog.py" line="75"/>
        <source>Back to editing</source>
        <translation>Вернуться к правке</translation>
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
        <location filename="../../ui/client_card_sections.py" line="121"/>
        <source>Contacts</source>
        <translation>Контактные лица</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="121"/>
        <source>No contact people.</source>
        <translation>Контактных лиц нет.</translation>
    </message>
</context>
<context>
    <name>DatabaseSettings</name>
    <message>
        <location filename="../../ui/database_settings.py" line="23"/>
        <source>the embedded database on this computer (%1)</source>
        <translation>встроенная база данных на этом компьютере (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="26"/>
        <source>from the environment variable %1</source>
        <translation>из переменной окружения %1</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="29"/>
        <source>from %1</source>
        <translation>из %1</translation>
    </message>
</context>
<context>
    <name>DatabaseSettingsDialog</name>
    <message>
        <location filename="../../ui/database_settings.py" line="127"/>
        <source>Database settings</source>
        <translation>Настройки базы данных</translation>
    </message>
</context>
<context>
    <name>DatabaseSettingsForm</name>
    <message>
        <location filename="../../ui/database_settings.py" line="44"/>
        <source>Embedded database on this computer (one workstation)</source>
        <translation>Встроенная база данных на этом компьютере (одно рабочее место)</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="45"/>
        <source>Shared database server (every workstation of the company)</source>
        <translation>Общий сервер базы данных (все рабочие места компании)</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="51"/>
        <source>The password is asked for at sign-in and kept in the system keyring.</source>
        <translation>Пароль запрашивается при входе и хранится в системном хранилище паролей.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="56"/>
        <source>The environment variable %1 is set and takes precedence over this setting.</source>
        <translation>Задана переменная окружения %1 — она важнее этой настройки.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="60"/>
        <source>Changes take effect the next time FieldDesk starts.</source>
        <translation>Изменения вступят в силу при следующем запуске FieldDesk.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="79"/>
        <source>The database settings could not be read.</source>
        <translation>Не удалось прочитать настройки базы данных.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="81"/>
        <source>Now using %1.</source>
        <translation>Сейчас используется %1.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="104"/>
        <source>Enter the server&apos;s URL, e.g. postgresql://dispatcher@server:5432/fielddesk.</source>
        <translation>Введите адрес сервера, например postgresql://dispatcher@server:5432/fielddesk.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="110"/>
        <source>Saved: the embedded database on this computer.</source>
        <translation>Сохранено: встроенная база данных на этом компьютере.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="112"/>
        <source>Saved: %1.</source>
        <translation>Сохранено: %1.</translation>
    </message>
</context>
<context>
    <name>DocumentTemplates</name>
    <message>
        <location filename="../../ui/document_templates.py" line="51"/>
        <source>Work order</source>
        <translation>Заказ-наряд</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="52"/>
        <source>Completion act</source>
        <translation>Акт выполненных работ</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="53"/>
        <source>Quote / estimate</source>
        <translation>КП / смета</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="54"/>
        <source>Warranty claim letter</source>
        <translation>Рекламационное письмо</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="55"/>
        <source>Visit sheet</source>
        <translation>Лист выезда</translation>
    </message>
</context>
<context>
    <name>DocumentTemplatesEditor</name>
    <message>
        <location filename="../../ui/document_templates.py" line="115"/>
        <source>New template</source>
        <translation>Новый шаблон</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="129"/>
        <source>In use</source>
        <translation>Используется</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="132"/>
        <source>Kind:</source>
        <translation>Тип:</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="133"/>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="134"/>
        <source>Manufacturer:</source>
        <translation>Производитель:</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="135"/>
        <source>Pipeline:</source>
        <translation>Воронка:</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="139"/>
        <source># Title

Text with {client.name} and other variables…</source>
        <translation># Заголовок

Текст с {client.name} и другими переменными…</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="142"/>
        <source>Double-click a variable to insert it at the cursor</source>
        <translation>Двойной щелчок по переменной вставляет её в позицию курсора</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="148"/>
        <source>“# ” a title, “## ” a heading, “&gt; ” a line on the right, {services} on its own line the table of services; a blank line ends a paragraph.</source>
        <translation>«# » — заголовок, «## » — подзаголовок, «&gt; » — строка справа, {services} на отдельной строке — таблица услуг; пустая строка завершает абзац.</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="156"/>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="159"/>
        <source>Only a manager or an administrator may change templates</source>
        <translation>Изменять шаблоны может только менеджер или администратор</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="179"/>
        <source>Preview</source>
        <translation>Просмотр</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="183"/>
        <source>sample values</source>
        <translation>пример значений</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="184"/>
        <source>Preview with the values of this order; empty: made-up sample values</source>
        <translation>Просмотр со значениями этого заказа; пусто — придуманные примеры значений</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="190"/>
        <source>Order №:</source>
        <translation>Заказ №:</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="214"/>
        <source>Any manufacturer</source>
        <translation>Любой производитель</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="215"/>
        <source>Any pipeline</source>
        <translation>Любая воронка</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="230"/>
        <source>The templates could not be read: %1</source>
        <translation>Не удалось прочитать шаблоны: %1</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="282"/>
        <source>Write the template&apos;s text to see it printed here.</source>
        <translation>Напишите текст шаблона, чтобы увидеть здесь печатный вид.</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="298"/>
        <source>Cannot print this template:</source>
        <translation>Не удаётся напечатать этот шаблон:</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="308"/>
        <source>Only a manager or an administrator may change templates.</source>
        <translation>Изменять шаблоны может только менеджер или администратор.</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="322"/>
        <source>Template «%1» saved.</source>
        <translation>Шаблон «%1» сохранён.</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="329"/>
        <source>Not saved:</source>
        <translation>Не сохранено:</translation>
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
    <name>DuplicatesTableModel</name>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="93"/>
        <source>Line</source>
        <translation>Строка</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="93"/>
        <source>Repeats line</source>
        <translation>Повтор строки</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="93"/>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
</context>
<context>
    <name>EmailsSection</name>
    <message>
        <location filename="../../ui/client_card_sections.py" line="105"/>
        <source>E-mail</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="105"/>
        <source>No e-mail addresses.</source>
        <translation>Адресов эл. почты нет.</translation>
    </message>
</context>
<context>
    <name>EquipmentCard</name>
    <message>
        <location filename="../../ui/equipment_card.py" line="57"/>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="58"/>
        <source>Visit</source>
        <translation>Выезд</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="59"/>
        <source>Call</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="60"/>
        <source>Part</source>
        <translation>Запчасть</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="61"/>
        <source>Claim</source>
        <translation>Рекламация</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="69"/>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="70"/>
        <source>Outgoing call</source>
        <translation>Исходящий звонок</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="71"/>
        <source>Internal call</source>
        <translation>Внутренний звонок</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="72"/>
        <source>serial on another client</source>
        <translation>номер у другого клиента</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="73"/>
        <source>engine hours</source>
        <translation>м/ч</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="74"/>
        <source>km</source>
        <translation>км</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="196"/>
        <source>No warranty date or usage limit is recorded for this unit.</source>
        <translation>Для этого оборудования не указаны ни дата окончания гарантии, ни лимит наработки.</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="199"/>
        <source>warranty by date ends %1</source>
        <translation>гарантия по дате действует до %1</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="201"/>
        <source>warranty by date ended %1</source>
        <translation>гарантия по дате закончилась %1</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="206"/>
        <source>no reading yet</source>
        <translation>ещё нет</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="207"/>
        <source>usage limit %1 %2, latest reading %3</source>
        <translation>лимит наработки %1 %2, последнее показание: %3</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="210"/>
        <source>the usage limit is reached</source>
        <translation>лимит наработки исчерпан</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="278"/>
        <source>Open the owner&apos;s card</source>
        <translation>Открыть карточку владельца</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="296"/>
        <source>Edit…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="297"/>
        <source>Edit the unit: model, serial, dates, warranty, owner (Ctrl+E)</source>
        <translation>Изменить оборудование: модель, заводской номер, даты, гарантию, владельца (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="305"/>
        <source>Double-click a line to open its order</source>
        <translation>Двойной щелчок по строке открывает её заказ</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="319"/>
        <source>Add reading…</source>
        <translation>Добавить показание…</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="320"/>
        <source>Enter the counter&apos;s engine hours or km (Ctrl+Shift+R)</source>
        <translation>Ввести показание счётчика: моточасы или км (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="322"/>
        <source>Record part…</source>
        <translation>Записать замену детали…</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="323"/>
        <source>A part replaced on the unit, with the old and new serials (Ctrl+Shift+P)</source>
        <translation>Деталь, заменённая на оборудовании, со старым и новым номером (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="328"/>
        <location filename="../../ui/equipment_card.py" line="433"/>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="329"/>
        <location filename="../../ui/equipment_card.py" line="434"/>
        <source>Readings</source>
        <translation>Показания</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="330"/>
        <location filename="../../ui/equipment_card.py" line="435"/>
        <source>Parts</source>
        <translation>Запчасти</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="331"/>
        <location filename="../../ui/equipment_card.py" line="436"/>
        <source>Frequent problems</source>
        <translation>Частые неисправности</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="351"/>
        <source>Owner:</source>
        <translation>Владелец:</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="385"/>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="405"/>
        <source>The unit could not be read: %1</source>
        <translation>Не удалось прочитать оборудование: %1</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="424"/>
        <source>Serial %1</source>
        <translation>Серийный № %1</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="425"/>
        <source>No serial number</source>
        <translation>Без серийного номера</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="427"/>
        <source>No site recorded</source>
        <translation>Объект не указан</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="440"/>
        <source>Complaints and parts replaced on every %1 %2 of all clients.</source>
        <translation>Жалобы и заменённые запчасти по всем %1 %2 у всех клиентов.</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="447"/>
        <source>sold %1</source>
        <translation>продано %1</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="447"/>
        <source>installed %1</source>
        <translation>установлено %1</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="448"/>
        <source>commissioned %1</source>
        <translation>введено в эксплуатацию %1</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="452"/>
        <source>latest reading %1 %2 on %3</source>
        <translation>последнее показание %1 %2 на %3</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/equipment_card.py" line="454"/>
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n заказ</numerusform>
            <numerusform>%n заказа</numerusform>
            <numerusform>%n заказов</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="471"/>
        <source>Unit saved.</source>
        <translation>Оборудование сохранено.</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="498"/>
        <source>Reading saved.</source>
        <translation>Показание сохранено.</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="502"/>
        <source>Part recorded.</source>
        <translation>Замена детали записана.</translation>
    </message>
</context>
<context>
    <name>EquipmentCardWindow</name>
    <message>
        <location filename="../../ui/equipment_card.py" line="538"/>
        <source>%1%2 — %3</source>
        <translation>%1%2 — %3</translation>
    </message>
</context>
<context>
    <name>EquipmentDialog</name>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="81"/>
        <source>%1 (unit #%2, %3)</source>
        <translation>%1 (оборудование №%2, %3)</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="88"/>
        <source>Serial %1 is already registered to this client as %2. Open that unit to change it instead of adding it again.</source>
        <translation>Заводской номер %1 уже зарегистрирован у этого клиента: %2. Откройте это оборудование и измените его, а не добавляйте повторно.</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="92"/>
        <source>Serial %1 is already registered to %2. If the unit changed hands, open that unit and change its owner there.</source>
        <translation>Заводской номер %1 уже зарегистрирован: %2. Если оборудование сменило владельца, откройте его и измените владельца там.</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="117"/>
        <source>Edit unit</source>
        <translation>Изменить оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="117"/>
        <source>New unit</source>
        <translation>Новое оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="132"/>
        <source>Find another owner: name, phone or address</source>
        <translation>Найти другого владельца: имя, телефон или адрес</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="133"/>
        <source>A unit sold on moves to its new owner here</source>
        <translation>Проданное оборудование переходит здесь к новому владельцу</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="142"/>
        <source>e.g. Daikin</source>
        <translation>например, Daikin</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="143"/>
        <source>As on the nameplate, e.g. FTXB35C</source>
        <translation>Как на шильдике, например FTXB35C</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="144"/>
        <source>Air conditioner, water meter, tractor…</source>
        <translation>Кондиционер, счётчик воды, трактор…</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="148"/>
        <source>As on the nameplate; empty when unknown</source>
        <translation>Как на шильдике; пусто, если неизвестен</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="159"/>
        <source>dd.mm.yyyy</source>
        <translation>дд.мм.гггг</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="164"/>
        <source>by end date</source>
        <translation>по дате окончания</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="165"/>
        <source> months</source>
        <translation> мес.</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="167"/>
        <source>Counted from commissioning (else installation, else sale)</source>
        <translation>Отсчитывается от ввода в эксплуатацию (иначе от монтажа, иначе от продажи)</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="172"/>
        <source>empty: no usage limit</source>
        <translation>пусто — без ограничения наработки</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="174"/>
        <source>no counter</source>
        <translation>без счётчика</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="174"/>
        <source>engine hours</source>
        <translation>моточасы</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="175"/>
        <source>km</source>
        <translation>км</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="194"/>
        <source>Owner</source>
        <translation>Владелец</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="195"/>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="196"/>
        <source>Manufacturer</source>
        <translation>Производитель</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="197"/>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="198"/>
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="203"/>
        <source>Serial</source>
        <translation>Заводской №</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="205"/>
        <source>Sold</source>
        <translation>Продано</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="205"/>
        <source>Installed</source>
        <translation>Установлено</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="206"/>
        <source>Commissioned</source>
        <translation>Введено в эксплуатацию</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="209"/>
        <source>Dates</source>
        <translation>Даты</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="212"/>
        <source>until</source>
        <translation>до</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="214"/>
        <source>Warranty</source>
        <translation>Гарантия</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="218"/>
        <source>Warranty usage limit</source>
        <translation>Гарантийный предел наработки</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="219"/>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="229"/>
        <source>Save the unit (Ctrl+S)</source>
        <translation>Сохранить оборудование (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="230"/>
        <source>Close without saving (Esc)</source>
        <translation>Закрыть без сохранения (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="288"/>
        <source>No address</source>
        <translation>Без адреса</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="319"/>
        <source>The form could not be filled: %1</source>
        <translation>Не удалось заполнить форму: %1</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="368"/>
        <source>Nobody found</source>
        <translation>Никто не найден</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="431"/>
        <source>“%1” is not a date; type it as dd.mm.yyyy, or leave it empty.</source>
        <translation>«%1» — не дата; введите её как дд.мм.гггг или оставьте пустой.</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="436"/>
        <source>“%1” is not a number; enter the limit, e.g. 2000, or leave it empty.</source>
        <translation>«%1» — не число; введите предел, например 2000, или оставьте пустым.</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="458"/>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_dialog.py" line="479"/>
        <source>The unit was not saved: %1</source>
        <translation>Оборудование не сохранено: %1</translation>
    </message>
</context>
<context>
    <name>EquipmentEntries</name>
    <message>
        <location filename="../../ui/equipment_entries.py" line="42"/>
        <source>engine hours</source>
        <translation>моточасы</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="43"/>
        <source>km</source>
        <translation>км</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="44"/>
        <source>read on a visit</source>
        <translation>снято на визите</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="45"/>
        <source>reported by the client</source>
        <translation>со слов клиента</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="46"/>
        <source>telematics</source>
        <translation>телематика</translation>
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
    <name>FieldsForm</name>
    <message>
        <location filename="../../ui/order_card_sections.py" line="207"/>
        <source>Title</source>
        <translation>Название</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="208"/>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="209"/>
        <source>Scenario</source>
        <translation>Сценарий</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="211"/>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="213"/>
        <source>Responsible</source>
        <translation>Ответственный</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="215"/>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="216"/>
        <source>Unit</source>
        <translation>Оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="218"/>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="219"/>
        <source>%1 (see Payments)</source>
        <translation>%1 (см. «Оплаты»)</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="220"/>
        <source>The sum of the order&apos;s payments; add or remove them on the Payments tab</source>
        <translation>Сумма оплат по заказу; добавляйте и удаляйте их на вкладке «Оплаты»</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="221"/>
        <source>Paid</source>
        <translation>Оплачено</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="223"/>
        <source>Waiting for</source>
        <translation>Ожидание</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="224"/>
        <source>e.g. parts, the client&apos;s answer; the card turns amber while set</source>
        <translation>например, запчасти или ответ клиента; пока поле заполнено, карточка подсвечена жёлтым</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="226"/>
        <source>Fields of this kind of order</source>
        <translation>Поля заказов этого вида</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="243"/>
        <source>Needed to enter: %1</source>
        <translation>Обязательно для стадий: %1</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="290"/>
        <source>by</source>
        <translation>до</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="305"/>
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="322"/>
        <source>dd.mm.yyyy</source>
        <translation>дд.мм.гггг</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="322"/>
        <source>a number</source>
        <translation>число</translation>
    </message>
</context>
<context>
    <name>FilesSection</name>
    <message>
        <location filename="../../ui/order_card_sections.py" line="501"/>
        <source>Enter or a double-click opens the file</source>
        <translation>Enter или двойной щелчок открывает файл</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="503"/>
        <source>What the file is: stage gates look for photos, acts and documents</source>
        <translation>Что это за файл: условия перехода проверяют наличие фото, актов и документов</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="504"/>
        <source>Attach file…</source>
        <translation>Прикрепить файл…</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="505"/>
        <source>Attach a photo, an act or a scan (up to %1 MB)</source>
        <translation>Прикрепить фото, акт или скан (до %1 МБ)</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="531"/>
        <source>Attach a file to the order</source>
        <translation>Прикрепить файл к заказу</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="541"/>
        <source>The file cannot be read: %1</source>
        <translation>Не удаётся прочитать файл: %1</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="544"/>
        <source>“%1” is %2 MB; attachments are limited to %3 MB. Reduce the photo or scan it at a lower resolution.</source>
        <translation>«%1» весит %2 МБ, а вложения ограничены %3 МБ. Уменьшите фото или отсканируйте с меньшим разрешением.</translation>
    </message>
</context>
<context>
    <name>FreeSlotsTableModel</name>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="79"/>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="79"/>
        <source>Technician</source>
        <translation>Мастер</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="79"/>
        <source>Zone</source>
        <translation>Зона</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="79"/>
        <source>Travel</source>
        <translation>Дорога</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="102"/>
        <source>%1 min drive from the previous place, %2 min on to the next visit</source>
        <translation>%1 мин дороги от предыдущего места, %2 мин до следующего выезда</translation>
    </message>
    <message>
        <location filename="../../ui/book_visit_dialog.py" line="104"/>
        <source>%1 min before · %2 after</source>
        <translation>%1 мин до · %2 после</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <location filename="../../ui/equipment_card.py" line="97"/>
        <location filename="../../ui/order_card_sections.py" line="151"/>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="97"/>
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="97"/>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="97"/>
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="97"/>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="98"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="151"/>
        <source>Stage</source>
        <translation>Стадия</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="151"/>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="162"/>
        <source>automation</source>
        <translation>автоматизация</translation>
    </message>
</context>
<context>
    <name>Import1cDialog</name>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="112"/>
        <source>Import payments from 1C</source>
        <translation>Импорт оплат из 1С</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="114"/>
        <source>Choose file…</source>
        <translation>Выбрать файл…</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="116"/>
        <source>A CSV or XLSX list of receipts saved from 1C</source>
        <translation>Список поступлений в CSV или XLSX, выгруженный из 1С</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="131"/>
        <source>Import</source>
        <translation>Импортировать</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="134"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="153"/>
        <source>Payments file from 1C</source>
        <translation>Файл оплат из 1С</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="154"/>
        <source>1C payments (*.csv *.txt *.xlsx);;All files (*)</source>
        <translation>Оплаты из 1С (*.csv *.txt *.xlsx);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="163"/>
        <source>Reading the file…</source>
        <translation>Чтение файла…</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="178"/>
        <source>%1 payment(s) totalling %2 will be imported; the other lines are left out.</source>
        <translation>Будет импортировано оплат: %1 на сумму %2; остальные строки пропускаются.</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="184"/>
        <source>Nothing to import from this file.</source>
        <translation>В этом файле нечего импортировать.</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="189"/>
        <source>Encoding: %1 (%2).</source>
        <translation>Кодировка: %1 (%2).</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="191"/>
        <source>Excel workbook (XLSX).</source>
        <translation>Книга Excel (XLSX).</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="193"/>
        <source>Columns ignored: %1.</source>
        <translation>Пропущенные столбцы: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="202"/>
        <source>Importing…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="209"/>
        <source>Imported %1 payment(s), %2, onto %3 order(s). Already imported before: %4; not taken: %5; duplicate lines: %6.</source>
        <translation>Импортировано оплат: %1 на сумму %2, заказов: %3. Уже импортированы ранее: %4; не принято: %5; повторяющихся строк: %6.</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="224"/>
        <source>To import (%1)</source>
        <translation>К импорту (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="224"/>
        <source>Not taken (%1)</source>
        <translation>Не принято (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="224"/>
        <source>Imported before (%1)</source>
        <translation>Импортированы ранее (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="225"/>
        <source>Duplicates (%1)</source>
        <translation>Повторы (%1)</translation>
    </message>
</context>
<context>
    <name>KanbanBoard</name>
    <message>
        <location filename="../../ui/kanban_board.py" line="347"/>
        <source>Esc hides this message</source>
        <translation>Esc скрывает это сообщение</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="398"/>
        <source>The board could not be read: %1</source>
        <translation>Не удалось прочитать доску: %1</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="430"/>
        <source>%1 cards</source>
        <translation>Карточек: %1</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="431"/>
        <source>%1 of %2 cards shown; narrow the filters to see the rest</source>
        <translation>Показано карточек: %1 из %2; сузьте фильтры, чтобы увидеть остальные</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="543"/>
        <source>Order %1 moved to «%2».</source>
        <translation>Заказ %1 переведён в «%2».</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="556"/>
        <source>Order %1 cannot move to «%2»:</source>
        <translation>Заказ %1 нельзя перевести в «%2»:</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="559"/>
        <source>Order %1 was moved or changed at another workstation meanwhile; the board has been reloaded. Check where it is now and move it again if needed.</source>
        <translation>Заказ %1 тем временем перевели или изменили на другом рабочем месте; доска перезагружена. Проверьте, где он сейчас, и при необходимости переведите снова.</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="565"/>
        <source>Order %1 was not moved: %2</source>
        <translation>Заказ %1 не переведён: %2</translation>
    </message>
</context>
<context>
    <name>KanbanCardDelegate</name>
    <message>
        <location filename="../../ui/kanban_delegate.py" line="101"/>
        <source>due %1</source>
        <translation>срок %1</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_delegate.py" line="158"/>
        <source>late %1</source>
        <translation>просрочен на %1</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_delegate.py" line="160"/>
        <source>owes %1</source>
        <translation>долг %1</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_delegate.py" line="162"/>
        <source>unpaid</source>
        <translation>не оплачен</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_delegate.py" line="164"/>
        <source>waiting: %1</source>
        <translation>ожидание: %1</translation>
    </message>
</context>
<context>
    <name>KanbanColumn</name>
    <message>
        <location filename="../../ui/kanban_board.py" line="277"/>
        <source>%1 in 30 days</source>
        <translation>%1 за 30 дней</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="278"/>
        <source>%1 in all</source>
        <translation>всего %1</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="282"/>
        <source>Expected within %1 h in this stage</source>
        <translation>Ожидаемое время в этой стадии — до %1 ч</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_board.py" line="285"/>
        <source>%1 more not shown: narrow the filters</source>
        <translation>Ещё %1 не показаны: сузьте фильтры</translation>
    </message>
</context>
<context>
    <name>KanbanColumnModel</name>
    <message>
        <location filename="../../ui/kanban_models.py" line="190"/>
        <source>Order %1: %2</source>
        <translation>Заказ %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="197"/>
        <source>balance due %1</source>
        <translation>к оплате %1</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="201"/>
        <source>due %1</source>
        <translation>срок %1</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="204"/>
        <source>a task is late</source>
        <translation>просрочена задача</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="204"/>
        <source>stage SLA exceeded</source>
        <translation>превышен срок стадии</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="205"/>
        <source>Overdue by %1: %2</source>
        <translation>Просрочен на %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="208"/>
        <source>Waiting: %1</source>
        <translation>Ожидание: %1</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="210"/>
        <source>Next stage needs: %1</source>
        <translation>Для следующей стадии нужно: %1</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="212"/>
        <source>Enter opens the order; Ctrl+Shift+←/→ moves it to the previous/next stage</source>
        <translation>Enter открывает заказ; Ctrl+Shift+←/→ переводит его на предыдущую/следующую стадию</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="100"/>
        <source>FieldDesk</source>
        <extracomment>Pages whose toolbars need more width than a small window has: they scroll sideways instead of holding the window wide. Tables whose changes an open equipment card shows: the unit, its readings, parts, claims, orders and visits.</extracomment>
        <translation>FieldDesk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="122"/>
        <source>Board</source>
        <translation>Доска</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="123"/>
        <source>Proposals</source>
        <translation>Предложения</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="124"/>
        <source>My day</source>
        <translation>Мой день</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="134"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="135"/>
        <source>Pipelines</source>
        <translation>Воронки</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="136"/>
        <source>Zones</source>
        <translation>Зоны</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="137"/>
        <source>Document templates</source>
        <translation>Шаблоны документов</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="254"/>
        <source>Go to %1</source>
        <translation>Перейти: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="259"/>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="263"/>
        <source>New client</source>
        <translation>Новый клиент</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="265"/>
        <source>Create a client (Ctrl+N)</source>
        <translation>Создать клиента (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="271"/>
        <source>Call pane</source>
        <translation>Панель звонка</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="273"/>
        <source>Show or hide the call pane (F12)</source>
        <translation>Показать или скрыть панель звонка (F12)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="277"/>
        <source>DB ok · %1</source>
        <translation>БД в порядке · %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="278"/>
        <source>sync: connecting…</source>
        <translation>синхронизация: подключение…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="279"/>
        <source>FieldDesk %1</source>
        <translation>FieldDesk %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="299"/>
        <source>sync ✓</source>
        <translation>синхронизация ✓</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="300"/>
        <source>Changes made on other workstations appear here within a second.</source>
        <translation>Изменения с других рабочих мест появляются здесь в течение секунды.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="302"/>
        <source>sync offline</source>
        <translation>нет синхронизации</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="405"/>
        <source>Client saved.</source>
        <translation>Клиент сохранён.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="442"/>
        <source>ext %1</source>
        <translation>доб. %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="443"/>
        <source>Calls ringing this extension open the call pane</source>
        <translation>Звонки на этот добавочный открывают панель звонка</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="445"/>
        <source>no phone extension</source>
        <translation>добавочный не указан</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="446"/>
        <source>Set this desk&apos;s phone extension in Settings to see who is calling and to place calls</source>
        <translation>Укажите в настройках добавочный номер этого рабочего места, чтобы видеть, кто звонит, и звонить самим</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="466"/>
        <source>Missed calls waiting: %n</source>
        <translation>
            <numerusform>Ждёт перезвона: %n пропущенный</numerusform>
            <numerusform>Ждут перезвона: %n пропущенных</numerusform>
            <numerusform>Ждут перезвона: %n пропущенных</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="487"/>
        <source>Order created.</source>
        <translation>Заказ создан.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="500"/>
        <source>Visit booked.</source>
        <translation>Выезд записан.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="514"/>
        <source>Copied %1</source>
        <translation>Скопировано: %1</translation>
    </message>
</context>
<context>
    <name>MaintenanceSection</name>
    <message>
        <location filename="../../ui/maintenance_section.py" line="66"/>
        <source>%1 km</source>
        <translation>%1 км</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="67"/>
        <source>%1 engine hours</source>
        <translation>%1 моточасов</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="69"/>
        <source>every month</source>
        <translation>ежемесячно</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/maintenance_section.py" line="70"/>
        <source>every %n months</source>
        <translation>
            <numerusform>каждый %n месяц</numerusform>
            <numerusform>каждые %n месяца</numerusform>
            <numerusform>каждые %n месяцев</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="71"/>
        <source>%1 or %2</source>
        <translation>%1 или %2</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="73"/>
        <source>every %1</source>
        <translation>каждые %1</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="178"/>
        <location filename="../../ui/maintenance_section.py" line="286"/>
        <source>Maintenance</source>
        <translation>Техобслуживание</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="184"/>
        <source>End plan</source>
        <translation>Завершить план</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="185"/>
        <source>Stop planning maintenance by the selected plan</source>
        <translation>Прекратить планирование ТО по выбранному плану</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="192"/>
        <source>Interval</source>
        <translation>Периодичность</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="198"/>
        <source>The date the interval counts from: commissioning or the last service</source>
        <translation>Дата, от которой отсчитывается периодичность: ввод в эксплуатацию или последнее ТО</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="200"/>
        <source>Contract (optional)</source>
        <translation>Договор (необязательно)</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="202"/>
        <source>Add plan</source>
        <translation>Добавить план</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="210"/>
        <source>No maintenance planned.</source>
        <translation>ТО не запланировано.</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="217"/>
        <source>Every</source>
        <translation>Каждые</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="220"/>
        <source>from</source>
        <translation>с</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/maintenance_section.py" line="288"/>
        <source>%n overdue</source>
        <translation>
            <numerusform>просрочено: %n</numerusform>
            <numerusform>просрочено: %n</numerusform>
            <numerusform>просрочено: %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="294"/>
        <source>Plans by usage need at least two readings a day apart to be dated; enter the unit&apos;s readings on its visits.</source>
        <translation>Чтобы назначить даты ТО по наработке, нужны хотя бы два показания с разницей не меньше суток; вносите показания оборудования при выездах.</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="302"/>
        <source>Could not load or change maintenance: %1</source>
        <translation>Не удалось загрузить или изменить ТО: %1</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="321"/>
        <source>Plan added. It needs usage readings before visits can be dated.</source>
        <translation>План добавлен. Чтобы назначить даты выездов, нужны показания наработки.</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="323"/>
        <source>Plan added. Visits planned up to %1: %2</source>
        <translation>План добавлен. Выезды запланированы до %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="339"/>
        <source>Plan ended; its visits not yet booked are skipped.</source>
        <translation>План завершён; его ещё не назначенные выезды пропускаются.</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="367"/>
        <source>months</source>
        <translation>месяцев</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="369"/>
        <source>engine hours</source>
        <translation>моточасов</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="371"/>
        <source>km</source>
        <translation>км</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <location filename="../../ui/map_canvas.py" line="553"/>
        <source>N</source>
        <translation>С</translation>
    </message>
    <message>
        <location filename="../../ui/map_canvas.py" line="558"/>
        <source>Map tiles unavailable: showing the grid</source>
        <translation>Карта недоступна: показана сетка</translation>
    </message>
</context>
<context>
    <name>MatchedTableModel</name>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="47"/>
        <source>Line</source>
        <translation>Строка</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="47"/>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="47"/>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="47"/>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="47"/>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="48"/>
        <source>Payer</source>
        <translation>Плательщик</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="48"/>
        <source>Purpose</source>
        <translation>Назначение</translation>
    </message>
</context>
<context>
    <name>MissedCallsTableModel</name>
    <message>
        <location filename="../../ui/call_models.py" line="190"/>
        <source>Deadline</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="190"/>
        <source>Caller</source>
        <translation>Кто звонил</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="190"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="190"/>
        <source>Due by</source>
        <translation>Перезвонить до</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="190"/>
        <source>Missed at</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="191"/>
        <source>Tries</source>
        <translation>Попыток</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="191"/>
        <source>Calls back</source>
        <translation>Перезванивает</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="231"/>
        <source>unknown number</source>
        <translation>неизвестный номер</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="239"/>
        <source>anyone</source>
        <translation>любой</translation>
    </message>
</context>
<context>
    <name>MyDayPage</name>
    <message>
        <location filename="../../ui/my_day_page.py" line="299"/>
        <source>&amp;Technician:</source>
        <translation>&amp;Мастер:</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="305"/>
        <source>◀</source>
        <translation>◀</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="306"/>
        <source>The day before</source>
        <translation>Предыдущий день</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="308"/>
        <source>▶</source>
        <translation>▶</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="309"/>
        <source>The day after</source>
        <translation>Следующий день</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="311"/>
        <source>T&amp;oday</source>
        <translation>&amp;Сегодня</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="313"/>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="337"/>
        <source>My day</source>
        <translation>Мой день</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="372"/>
        <source>Your login is not linked to a technician, so there is no day to show; ask an administrator to link it.</source>
        <translation>Ваша учётная запись не привязана к мастеру, поэтому показывать нечего; попросите администратора её привязать.</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="409"/>
        <source>Choose a technician to see their day.</source>
        <translation>Выберите мастера, чтобы увидеть его день.</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="415"/>
        <source>The day could not be read: %1</source>
        <translation>Не удалось прочитать день: %1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="437"/>
        <source>No visits on %1.</source>
        <translation>На %1 выездов нет.</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="439"/>
        <source>%1 visits on %2</source>
        <translation>Выездов на %2: %1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="442"/>
        <source>shift %1–%2</source>
        <translation>смена %1–%2</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="462"/>
        <source>Sent to the dispatcher; the visit changes once approved.</source>
        <translation>Отправлено диспетчеру; выезд изменится после одобрения.</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="496"/>
        <source>Reading saved.</source>
        <translation>Показание сохранено.</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="499"/>
        <source>Part recorded.</source>
        <translation>Замена детали записана.</translation>
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
        <source>Planning</source>
        <translation>Планирование</translation>
    </message>
    <message>
        <location filename="../../ui/navigation_rail.py" line="41"/>
        <source>Clients &amp; equipment</source>
        <translation>Клиенты и оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/navigation_rail.py" line="42"/>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <location filename="../../ui/navigation_rail.py" line="43"/>
        <source>Dashboards</source>
        <translation>Дашборды</translation>
    </message>
    <message>
        <location filename="../../ui/navigation_rail.py" line="44"/>
        <source>Dashboards: not built yet — workload, SLA and revenue charts, coming with the reports module.</source>
        <translation>Дашборды: раздел ещё не готов — графики загрузки, SLA и выручки появятся вместе с модулем отчётов.</translation>
    </message>
    <message>
        <location filename="../../ui/navigation_rail.py" line="46"/>
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
    <name>NewOrderDialog</name>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="48"/>
        <source>Repair</source>
        <translation>Ремонт</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="49"/>
        <source>Maintenance</source>
        <translation>Техобслуживание</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="50"/>
        <source>Sale &amp; installation</source>
        <translation>Продажа и монтаж</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="51"/>
        <source>Other</source>
        <translation>Другое</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="80"/>
        <source>New order</source>
        <extracomment>The form&apos;s fields, in tab order; errors of other fields (client, owner, call) go under the form.</extracomment>
        <translation>Новый заказ</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="89"/>
        <source>— not set —</source>
        <translation>— не задан —</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="100"/>
        <source>What is wrong or what is wanted, in a few words</source>
        <translation>Что сломалось или что нужно, в двух словах</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="103"/>
        <source>Details: symptoms, error codes, when it started</source>
        <translation>Подробности: признаки, коды ошибок, когда началось</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="113"/>
        <source>Loading the client&apos;s units and addresses…</source>
        <translation>Загрузка оборудования и адресов клиента…</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="120"/>
        <source>Request</source>
        <translation>Заявка</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="120"/>
        <source>Unit</source>
        <translation>Оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="120"/>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="121"/>
        <source>Scenario</source>
        <translation>Сценарий</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="121"/>
        <source>Pipeline</source>
        <translation>Воронка</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="122"/>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="122"/>
        <source>Title</source>
        <translation>Название</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="123"/>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="135"/>
        <source>Create order</source>
        <translation>Создать заказ</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="136"/>
        <source>Create the order (Ctrl+Enter)</source>
        <translation>Создать заказ (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="141"/>
        <source>Close without creating (Esc)</source>
        <translation>Закрыть без создания (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="188"/>
        <source>— no unit —</source>
        <translation>— без оборудования —</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="195"/>
        <source>— no address —</source>
        <translation>— без адреса —</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="201"/>
        <source>— choose —</source>
        <translation>— выберите —</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="212"/>
        <source>The client&apos;s data could not be read: %1</source>
        <translation>Не удалось прочитать данные клиента: %1</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="237"/>
        <source>Checking the unit&apos;s warranty…</source>
        <translation>Проверяем гарантию оборудования…</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="256"/>
        <source>No proposal: %1</source>
        <translation>Предложения нет: %1</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="272"/>
        <source>(Proposed: %1; you chose otherwise.)</source>
        <translation>(Предложено: %1; вы выбрали иначе.)</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="273"/>
        <source>no scenario</source>
        <translation>без сценария</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="304"/>
        <source>Creating the order…</source>
        <translation>Создаём заказ…</translation>
    </message>
    <message>
        <location filename="../../ui/new_order_dialog.py" line="321"/>
        <source>The order was not created: %1</source>
        <translation>Заказ не создан: %1</translation>
    </message>
</context>
<context>
    <name>OccurrencesTableModel</name>
    <message>
        <location filename="../../ui/maintenance_section.py" line="130"/>
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="130"/>
        <source>At usage</source>
        <translation>По наработке</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="130"/>
        <source>Plan</source>
        <translation>План</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="130"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="130"/>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
</context>
<context>
    <name>OptimiseDialog</name>
    <message>
        <location filename="../../ui/optimise_routes.py" line="47"/>
        <source>the address has no coordinates</source>
        <translation>у адреса нет координат</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="48"/>
        <source>no technician on shift has the skill</source>
        <translation>ни у одного мастера на смене нет нужного навыка</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="49"/>
        <source>outside every technician&apos;s zone</source>
        <translation>вне зон всех мастеров</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="50"/>
        <source>nobody with the skill works in its zone</source>
        <translation>в его зоне нет мастеров с нужным навыком</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="51"/>
        <source>its time cannot be reached within a shift</source>
        <translation>его время не попадает ни в одну смену</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="52"/>
        <source>its fixed technician cannot do it</source>
        <translation>закреплённый мастер не может его выполнить</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="53"/>
        <source>no room left in the technicians&apos; day</source>
        <translation>у мастеров не осталось свободного времени</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="56"/>
        <source>would start outside its arrival window</source>
        <translation>начало вне окна прибытия</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="57"/>
        <source>the day would run outside the shift</source>
        <translation>день выйдет за пределы смены</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="58"/>
        <source>a fixed visit would move</source>
        <translation>сдвинется закреплённый выезд</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="59"/>
        <source>not enough time to drive there</source>
        <translation>не хватает времени на дорогу</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="60"/>
        <source>would overlap a fixed busy time</source>
        <translation>пересечётся с занятым временем</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="61"/>
        <source>the technician lacks the skill</source>
        <translation>у мастера нет нужного навыка</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="62"/>
        <source>outside the technician&apos;s zone</source>
        <translation>вне зоны мастера</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="65"/>
        <source>en route</source>
        <translation>в пути</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="66"/>
        <source>on site</source>
        <translation>на объекте</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="67"/>
        <source>done</source>
        <translation>выполнен</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="68"/>
        <source>crew</source>
        <translation>бригада</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="69"/>
        <source>not yours to move</source>
        <translation>нет прав на перенос</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="98"/>
        <source>with the crew</source>
        <translation>в составе бригады</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="101"/>
        <source>fixed (%1)</source>
        <translation>закреплён (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="410"/>
        <source>left unassigned by hand</source>
        <translation>оставлен без техника вручную</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="89"/>
        <source>Optimise routes · %1</source>
        <translation>Оптимизация маршрутов · %1</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="92"/>
        <location filename="../../ui/optimise_dialog.py" line="302"/>
        <source>Reading the day…</source>
        <translation>Загрузка дня…</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="96"/>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="97"/>
        <source>How long the optimiser may search; longer usually finds a shorter day</source>
        <translation>Сколько времени оптимизатор может искать решение; чем дольше, тем обычно короче получается день</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="98"/>
        <source>Optimise</source>
        <translation>Оптимизировать</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="107"/>
        <source>Stop, keep the best</source>
        <translation>Стоп, оставить лучший</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="108"/>
        <source>Stop searching and preview the best plan found so far</source>
        <translation>Остановить поиск и показать лучший найденный план</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="118"/>
        <source>The technicians whose day is optimised (Space ticks the current one); the visits of the others stay where they are</source>
        <translation>Техники, чей день оптимизируется (Пробел отмечает текущего); визиты остальных остаются на своих местах</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="121"/>
        <source>All of the zone</source>
        <translation>Вся зона</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="121"/>
        <source>All</source>
        <translation>Все</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="123"/>
        <source>None</source>
        <translation>Никого</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="140"/>
        <source>Unassigned after optimising (drop a stop here to leave it out):</source>
        <translation>Без техника после оптимизации (перетащите сюда визит, чтобы исключить его):</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="148"/>
        <source>Apply</source>
        <translation>Применить</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="149"/>
        <source>Write the plan to the board: every visit at once, or nothing (Ctrl+Return)</source>
        <translation>Записать план на доску: все визиты сразу или ничего (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="156"/>
        <source>Close without changing anything (Esc)</source>
        <translation>Закрыть, ничего не меняя (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="165"/>
        <source>Technicians:</source>
        <translation>Техники:</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="155"/>
        <source>Discard</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="185"/>
        <source>Time limit:</source>
        <translation>Лимит времени:</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="239"/>
        <source>%1 visits for %2 technicians on shift</source>
        <translation>Выездов: %1, мастеров на смене: %2</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="242"/>
        <source>%1 without coordinates</source>
        <translation>без координат: %1</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="244"/>
        <source>%1 already begun, left as they are</source>
        <translation>уже начаты и оставлены как есть: %1</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="249"/>
        <source>Nobody is on shift that day: there is nothing to optimise.</source>
        <translation>В этот день нет ни одной смены: оптимизировать нечего.</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="299"/>
        <source>Tick at least one technician to optimise their day.</source>
        <translation>Отметьте хотя бы одного техника, чтобы оптимизировать его день.</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="347"/>
        <source>%1 s of %2 s</source>
        <translation>%1 с из %2 с</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="349"/>
        <source>best so far: %1</source>
        <translation>лучший пока: %1</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="381"/>
        <source>Stopped early: this is the best plan found so far.</source>
        <translation>Остановлено досрочно: это лучший найденный план.</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="384"/>
        <source>The road travel-time service was not used; distances are straight-line estimates (%1).</source>
        <translation>Сервис расчёта времени в пути по дорогам не использовался; расстояния — оценки по прямой (%1).</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="389"/>
        <source>This order breaks a rule and cannot be applied: %1</source>
        <translation>Этот порядок нарушает правило и не может быть применён: %1</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="428"/>
        <source>Distance, km</source>
        <translation>Пробег, км</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="428"/>
        <source>Driving, hours</source>
        <translation>В пути, ч</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="429"/>
        <source>Lateness, minutes</source>
        <translation>Опоздания, мин</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="429"/>
        <source>Unassigned visits</source>
        <translation>Неназначенные выезды</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="431"/>
        <source>Before</source>
        <translation>До</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="431"/>
        <source>After</source>
        <translation>После</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_dialog.py" line="494"/>
        <source>Not applied: %1</source>
        <translation>Не применено: %1</translation>
    </message>
</context>
<context>
    <name>OrderActions</name>
    <message>
        <location filename="../../ui/order_actions.py" line="33"/>
        <source>Print</source>
        <translation>Печать</translation>
    </message>
    <message>
        <location filename="../../ui/order_actions.py" line="34"/>
        <source>Make a document from a template; it is attached to the order</source>
        <translation>Создать документ по шаблону; он будет прикреплён к заказу</translation>
    </message>
    <message>
        <location filename="../../ui/order_actions.py" line="38"/>
        <source>Warranty claim…</source>
        <translation>Рекламация…</translation>
    </message>
    <message>
        <location filename="../../ui/order_actions.py" line="39"/>
        <location filename="../../ui/order_actions.py" line="49"/>
        <source>Write to the manufacturer about this unit and follow the claim</source>
        <translation>Написать производителю об этом оборудовании и отслеживать рекламацию</translation>
    </message>
    <message>
        <location filename="../../ui/order_actions.py" line="50"/>
        <source>The order has no unit to claim for</source>
        <translation>В заказе нет оборудования для рекламации</translation>
    </message>
    <message>
        <location filename="../../ui/order_actions.py" line="73"/>
        <source>Document made and attached to the order (Files tab)</source>
        <translation>Документ создан и прикреплён к заказу (вкладка «Файлы»)</translation>
    </message>
</context>
<context>
    <name>OrderCard</name>
    <message>
        <location filename="../../ui/order_card.py" line="122"/>
        <source>Open the client&apos;s card</source>
        <translation>Открыть карточку клиента</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="138"/>
        <source>Move the order to another stage; the stage&apos;s gate checks what it needs</source>
        <translation>Перевести заказ на другую стадию; условие перехода проверит, всё ли готово</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="147"/>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="148"/>
        <source>Save the changed fields (Ctrl+S)</source>
        <translation>Сохранить изменённые поля (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="151"/>
        <source>Undo changes</source>
        <translation>Отменить изменения</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="173"/>
        <source>Stage:</source>
        <translation>Стадия:</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="241"/>
        <location filename="../../ui/order_card.py" line="329"/>
        <source>Timeline</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="241"/>
        <location filename="../../ui/order_card.py" line="330"/>
        <source>Comments</source>
        <translation>Комментарии</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="242"/>
        <location filename="../../ui/order_card.py" line="331"/>
        <source>Tasks</source>
        <translation>Задачи</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="242"/>
        <location filename="../../ui/order_card.py" line="332"/>
        <source>Visits</source>
        <translation>Выезды</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="243"/>
        <location filename="../../ui/order_card.py" line="333"/>
        <source>Files</source>
        <translation>Файлы</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="243"/>
        <location filename="../../ui/order_card.py" line="334"/>
        <source>Stage history</source>
        <translation>История стадий</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="244"/>
        <source>Payments</source>
        <translation>Оплаты</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="274"/>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="298"/>
        <source>The order could not be read: %1</source>
        <translation>Не удалось прочитать заказ: %1</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="305"/>
        <source>№ %1 · %2</source>
        <translation>№ %1 · %2</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="312"/>
        <source>created %1</source>
        <translation>создан %1</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="313"/>
        <source>in this stage since %1</source>
        <translation>в стадии с %1</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="351"/>
        <source>Unknown caller:</source>
        <translation>Неизвестный абонент:</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="357"/>
        <source>No address yet</source>
        <translation>Адрес пока не указан</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="364"/>
        <source>, serial %1</source>
        <translation>, серийный № %1</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="391"/>
        <source>Nothing to save: no field was changed.</source>
        <translation>Сохранять нечего: ни одно поле не изменено.</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="402"/>
        <source>Order %1 saved.</source>
        <translation>Заказ %1 сохранён.</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="412"/>
        <source>Not saved: %1</source>
        <translation>Не сохранено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="418"/>
        <source>Order %1</source>
        <translation>Заказ %1</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="432"/>
        <source>Stage</source>
        <translation>Стадия</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="454"/>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="454"/>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="479"/>
        <source>Order %1 moved to «%2».</source>
        <translation>Заказ %1 переведён в «%2».</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="488"/>
        <source>Cannot move to «%1»:</source>
        <translation>Нельзя перевести в «%1»:</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="491"/>
        <source>The order was changed at another workstation; the card has been read again. Check the stage and try again.</source>
        <translation>Заказ изменили на другом рабочем месте; карточка загружена заново. Проверьте стадию и попробуйте ещё раз.</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="495"/>
        <source>Not moved: %1</source>
        <translation>Не переведён: %1</translation>
    </message>
    <message>
        <location filename="../../ui/order_card.py" line="508"/>
        <source>Task done; the order moved on to «%1».</source>
        <translation>Задача выполнена; заказ переведён в «%1».</translation>
    </message>
</context>
<context>
    <name>OrderCardWindow</name>
    <message>
        <location filename="../../ui/order_card.py" line="544"/>
        <source>Order %1 — %2</source>
        <translation>Заказ %1 — %2</translation>
    </message>
</context>
<context>
    <name>OrderLabels</name>
    <message>
        <location filename="../../ui/kanban_models.py" line="31"/>
        <source>address</source>
        <extracomment>Short words for what a gate misses, shown on a blocked card (&quot;🔒 photo&quot;); keys are GateFailure subjects.</extracomment>
        <translation>адрес</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="32"/>
        <source>unit</source>
        <translation>оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="33"/>
        <source>client</source>
        <translation>клиент</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="34"/>
        <source>owner</source>
        <translation>ответственный</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="35"/>
        <source>due date</source>
        <translation>срок</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="36"/>
        <source>scenario</source>
        <translation>сценарий</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="37"/>
        <source>description</source>
        <translation>описание</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="38"/>
        <source>amount</source>
        <translation>сумма</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="39"/>
        <source>payment</source>
        <translation>оплата</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="40"/>
        <source>photo</source>
        <translation>фото</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="41"/>
        <source>act</source>
        <translation>акт</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="42"/>
        <source>scan</source>
        <translation>скан</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="43"/>
        <source>claim</source>
        <translation>рекламация</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="44"/>
        <source>completion act</source>
        <translation>акт выполненных работ</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="45"/>
        <source>claim act</source>
        <translation>акт рекламации</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="46"/>
        <source>commissioning act</source>
        <translation>акт ввода в эксплуатацию</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="47"/>
        <source>contract</source>
        <translation>договор</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="48"/>
        <source>invoice</source>
        <translation>счёт</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="49"/>
        <source>file</source>
        <translation>файл</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="52"/>
        <source>Phone call</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="53"/>
        <source>Website</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="54"/>
        <source>E-mail</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="55"/>
        <source>Dealer</source>
        <translation>Дилер</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="56"/>
        <source>Walk-in</source>
        <translation>Визит в офис</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="57"/>
        <source>Messenger</source>
        <translation>Мессенджер</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="58"/>
        <source>Callback</source>
        <translation>Обратный звонок</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="59"/>
        <location filename="../../ui/kanban_models.py" line="70"/>
        <source>Other</source>
        <translation>Другое</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="62"/>
        <source>Sale</source>
        <translation>Продажа</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="63"/>
        <source>Installation</source>
        <translation>Монтаж</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="64"/>
        <source>Maintenance</source>
        <translation>ТО</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="65"/>
        <source>Warranty repair</source>
        <translation>Гарантийный ремонт</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="66"/>
        <source>Post-warranty repair</source>
        <translation>Постгарантийный ремонт</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="67"/>
        <source>Warranty maintenance</source>
        <translation>Гарантийное ТО</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="68"/>
        <source>Post-warranty maintenance</source>
        <translation>Постгарантийное ТО</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="69"/>
        <source>Verification</source>
        <translation>Поверка</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="94"/>
        <source>%1 d</source>
        <translation>%1 дн.</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="96"/>
        <source>%1 h</source>
        <translation>%1 ч</translation>
    </message>
    <message>
        <location filename="../../ui/kanban_models.py" line="97"/>
        <source>%1 min</source>
        <translation>%1 мин</translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message>
        <location filename="../../ui/orders_page.py" line="36"/>
        <source>Board</source>
        <extracomment>Who may book payments from an accounting file. Tables whose changes may change what a card shows, besides the orders themselves.</extracomment>
        <translation>Доска</translation>
    </message>
    <message>
        <location filename="../../ui/orders_page.py" line="37"/>
        <source>List</source>
        <translation>Список</translation>
    </message>
    <message>
        <location filename="../../ui/orders_page.py" line="38"/>
        <source>The pipeline&apos;s stages as columns; drag a card to move the order on</source>
        <translation>Стадии воронки в виде колонок; перетащите карточку, чтобы перевести заказ дальше</translation>
    </message>
    <message>
        <location filename="../../ui/orders_page.py" line="39"/>
        <source>Every order in a sortable list with saved filters and export to Excel</source>
        <translation>Все заказы списком с сортировкой, сохранёнными фильтрами и выгрузкой в Excel</translation>
    </message>
    <message>
        <location filename="../../ui/orders_page.py" line="41"/>
        <source>Import payments from 1C…</source>
        <translation>Импорт оплат из 1С…</translation>
    </message>
    <message>
        <location filename="../../ui/orders_page.py" line="42"/>
        <source>Read a payments file exported from 1C (CSV or XLSX), check it, then book the payments to their orders by order number</source>
        <translation>Прочитать файл оплат, выгруженный из 1С (CSV или XLSX), проверить его и разнести оплаты по заказам по номеру заказа</translation>
    </message>
    <message>
        <location filename="../../ui/orders_page.py" line="79"/>
        <source>1C import: %1 payments booked, %2 lines not taken</source>
        <translation>Импорт из 1С: разнесено оплат — %1, не принято строк — %2</translation>
    </message>
</context>
<context>
    <name>OrdersRegistryTableModel</name>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="108"/>
        <source>No.</source>
        <extracomment>The registry column key of each column (the keys reports.orders_xlsx exports). Columns the database can sort two million orders by (an index behind each).</extracomment>
        <translation>№</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="108"/>
        <source>Created</source>
        <translation>Создан</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="108"/>
        <source>Pipeline</source>
        <translation>Воронка</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="108"/>
        <source>Stage</source>
        <translation>Стадия</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="108"/>
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="109"/>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="109"/>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="109"/>
        <source>Unit</source>
        <translation>Оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="109"/>
        <source>Owner</source>
        <translation>Ответственный</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="109"/>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="110"/>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="110"/>
        <source>Paid</source>
        <translation>Оплачено</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="110"/>
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="110"/>
        <source>Title</source>
        <translation>Название</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="110"/>
        <source>Custom fields</source>
        <translation>Доп. поля</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="119"/>
        <source>Click to sort by this column</source>
        <translation>Щёлкните, чтобы отсортировать по этому столбцу</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="120"/>
        <source>Sorting is offered on No., Created and Due; right-click to show or hide columns</source>
        <translation>Сортировка доступна по столбцам №, «Создан» и «Срок»; правый щелчок — показать или скрыть столбцы</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="144"/>
        <source>Overdue: past its due date or held in its stage longer than the stage allows</source>
        <translation>Просрочено: прошёл срок или заказ находится в стадии дольше допустимого</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="160"/>
        <source>⚠ %1 overdue</source>
        <translation>⚠ %1, просрочено</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry_model.py" line="172"/>
        <source>%1 (unknown caller)</source>
        <translation>%1 (неизвестный абонент)</translation>
    </message>
</context>
<context>
    <name>OrdersRegistryView</name>
    <message>
        <location filename="../../ui/orders_registry.py" line="122"/>
        <source>Enter or a double-click opens the order</source>
        <translation>Enter или двойной щелчок открывает заказ</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="137"/>
        <source>Export XLSX…</source>
        <translation>Выгрузить в XLSX…</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="138"/>
        <source>Save the orders of the current view, as shown, to an Excel file (Ctrl+E)</source>
        <translation>Сохранить заказы текущего вида, как они показаны, в файл Excel (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="151"/>
        <source>Pipeline</source>
        <translation>Воронка</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="153"/>
        <source>Stage</source>
        <translation>Стадия</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="155"/>
        <source>Owner</source>
        <translation>Ответственный</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="157"/>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="159"/>
        <source>All time</source>
        <translation>За всё время</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="159"/>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="159"/>
        <source>Last 7 days</source>
        <translation>Последние 7 дней</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="160"/>
        <source>Last 30 days</source>
        <translation>Последние 30 дней</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="160"/>
        <source>Last 90 days</source>
        <translation>Последние 90 дней</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="160"/>
        <source>Dates…</source>
        <translation>Даты…</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="163"/>
        <source>Created in this period (Alt+P)</source>
        <translation>Созданы за этот период (Alt+P)</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="171"/>
        <source>Overdue only</source>
        <translation>Только просроченные</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="172"/>
        <source>Open orders past their due date or held in a stage too long</source>
        <translation>Открытые заказы с прошедшим сроком или слишком долго находящиеся в стадии</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="174"/>
        <source>Search: number, client, phone, address, serial, any field</source>
        <translation>Поиск: номер, клиент, телефон, адрес, серийный №, любое поле</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="176"/>
        <source>Searches every field of the order, custom fields included (Alt+F)</source>
        <translation>Ищет по всем полям заказа, включая дополнительные (Alt+F)</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="195"/>
        <source>Your saved quick filters</source>
        <translation>Ваши сохранённые быстрые фильтры</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="197"/>
        <source>Save view…</source>
        <translation>Сохранить вид…</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="198"/>
        <source>Save the current filters under a name, for you only</source>
        <translation>Сохранить текущие фильтры под своим названием (видны только вам)</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="200"/>
        <source>Delete view</source>
        <translation>Удалить вид</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="205"/>
        <source>Sign in to save views</source>
        <translation>Войдите, чтобы сохранять виды</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="216"/>
        <source>View:</source>
        <translation>Вид:</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="249"/>
        <source>All pipelines</source>
        <translation>Все воронки</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="253"/>
        <source>Any owner</source>
        <translation>Любой ответственный</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="257"/>
        <source>Any source</source>
        <translation>Любой источник</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="269"/>
        <source>Any stage</source>
        <translation>Любая стадия</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="319"/>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="329"/>
        <source>Orders can be sorted by number, creation date or due date.</source>
        <translation>Заказы можно сортировать по номеру, дате создания или сроку.</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="338"/>
        <source>No orders match these filters.</source>
        <translation>Под эти фильтры заказов нет.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/orders_registry.py" line="340"/>
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n заказ</numerusform>
            <numerusform>%n заказа</numerusform>
            <numerusform>%n заказов</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="341"/>
        <source>About %1 orders (estimate)</source>
        <translation>Заказов: около %1 (оценка)</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="347"/>
        <source>The orders could not be read: %1</source>
        <translation>Не удалось прочитать заказы: %1</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="350"/>
        <source>The registry could not be read: %1</source>
        <translation>Не удалось прочитать реестр: %1</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="371"/>
        <source>(current filters)</source>
        <translation>(текущие фильтры)</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="412"/>
        <source>Save view</source>
        <translation>Сохранить вид</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="412"/>
        <source>Name of the view:</source>
        <translation>Название вида:</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="425"/>
        <source>View “%1” saved.</source>
        <translation>Вид «%1» сохранён.</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="436"/>
        <source>The view was not saved: %1</source>
        <translation>Вид не сохранён: %1</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="499"/>
        <source>Export orders</source>
        <translation>Выгрузка заказов</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="500"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Книга Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="511"/>
        <source>Orders</source>
        <translation>Заказы</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="514"/>
        <source>Exporting orders…</source>
        <translation>Выгрузка заказов…</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="514"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="515"/>
        <source>Export XLSX</source>
        <translation>Выгрузка в XLSX</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="534"/>
        <source>Exporting orders… %1 of %2</source>
        <translation>Выгрузка заказов… %1 из %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/orders_registry.py" line="547"/>
        <source>%n order(s) exported to %1</source>
        <translation>
            <numerusform>%n заказ выгружен в %1</numerusform>
            <numerusform>%n заказа выгружено в %1</numerusform>
            <numerusform>%n заказов выгружено в %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="555"/>
        <source>Export cancelled; no file was written.</source>
        <translation>Выгрузка отменена; файл не создан.</translation>
    </message>
    <message>
        <location filename="../../ui/orders_registry.py" line="557"/>
        <source>The export failed: %1</source>
        <translation>Выгрузка не удалась: %1</translation>
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
    <name>OverduePage</name>
    <message>
        <location filename="../../ui/overdue_page.py" line="56"/>
        <source>Callbacks</source>
        <translation>Перезвоны</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="57"/>
        <source>Broken automation rules</source>
        <translation>Правила автоматизации с ошибками</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="67"/>
        <source>%1 d %2 h</source>
        <translation>%1 дн. %2 ч</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="68"/>
        <source>%1 d</source>
        <translation>%1 дн.</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="71"/>
        <source>%1 h %2 min</source>
        <translation>%1 ч %2 мин</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="72"/>
        <source>%1 h</source>
        <translation>%1 ч</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="74"/>
        <source>%1 min</source>
        <translation>%1 мин</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="79"/>
        <source>unassigned</source>
        <translation>не назначен</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="80"/>
        <source>%1 (inactive)</source>
        <translation>%1 (неактивен)</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="86"/>
        <source>Task «%1»</source>
        <translation>Задача «%1»</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="88"/>
        <source>In «%1» longer than %2 h</source>
        <translation>В стадии «%1» дольше %2 ч</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="91"/>
        <source>Call back</source>
        <translation>Перезвонить</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="92"/>
        <source>Call back: %1</source>
        <translation>Перезвонить: %1</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="93"/>
        <source>Automation failed: %1</source>
        <translation>Ошибка автоматизации: %1</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="290"/>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="292"/>
        <source>By &amp;person</source>
        <translation>По &amp;ответственным</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="293"/>
        <source>By &amp;stage</source>
        <translation>По &amp;стадиям</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="294"/>
        <source>Group by who is late (Alt+P)</source>
        <translation>Группировать по тому, кто просрочил (Alt+О)</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="295"/>
        <source>Group by the stage the order is in (Alt+S)</source>
        <translation>Группировать по стадии, в которой находится заказ (Alt+С)</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="301"/>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="302"/>
        <source>Read the overdue list again (F5)</source>
        <translation>Заново загрузить список просроченного (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="315"/>
        <source>Enter or a double-click opens the order (the client for a callback)</source>
        <translation>Enter или двойной щелчок открывает заказ (для перезвона — клиента)</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="321"/>
        <source>Nothing is late: every task and stage is within its time.</source>
        <translation>Просрочек нет: все задачи и стадии укладываются в сроки.</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="336"/>
        <source>Group:</source>
        <translation>Группировка:</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="343"/>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="398"/>
        <source>The overdue list could not be read: %1</source>
        <translation>Не удалось прочитать список просроченного: %1</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="421"/>
        <source>The %1 most late items are listed; the counts cover all %2.</source>
        <translation>Показаны %1 самых просроченных; счётчики учитывают все %2.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/overdue_page.py" line="434"/>
        <source>%n order(s) late</source>
        <translation>
            <numerusform>%n заказ просрочен</numerusform>
            <numerusform>%n заказа просрочено</numerusform>
            <numerusform>%n заказов просрочено</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/overdue_page.py" line="435"/>
        <source>%n callback(s) overdue</source>
        <translation>
            <numerusform>%n перезвон просрочен</numerusform>
            <numerusform>%n перезвона просрочено</numerusform>
            <numerusform>%n перезвонов просрочено</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/overdue_page.py" line="436"/>
        <source>%n broken rule(s)</source>
        <translation>
            <numerusform>%n правило с ошибкой</numerusform>
            <numerusform>%n правила с ошибкой</numerusform>
            <numerusform>%n правил с ошибкой</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="480"/>
        <source>This callback has no client or order to open.</source>
        <translation>У этого перезвона нет клиента или заказа, который можно открыть.</translation>
    </message>
</context>
<context>
    <name>OverdueTreeModel</name>
    <message>
        <location filename="../../ui/overdue_page.py" line="152"/>
        <source>Late by</source>
        <translation>Просрочка</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="152"/>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="152"/>
        <source>What is late</source>
        <translation>Что просрочено</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="152"/>
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="152"/>
        <source>Stage</source>
        <translation>Стадия</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="153"/>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="180"/>
        <source>%1 (you)</source>
        <translation>%1 (вы)</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="183"/>
        <source>%1 — %2 failed, oldest %3</source>
        <translation>%1 — ошибок: %2, самая давняя — %3</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="184"/>
        <source>%1 — %2 overdue, worst %3</source>
        <translation>%1 — просрочено: %2, максимум — %3</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="184"/>
        <source>%1 — %2 late, worst %3</source>
        <translation>%1 — просрочено: %2, максимум — %3</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="188"/>
        <source>(the %1 most late shown)</source>
        <translation>(показаны %1 самых просроченных)</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="234"/>
        <source>Order №%1: %2</source>
        <translation>Заказ №%1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="237"/>
        <source>Failed at %1</source>
        <translation>Ошибка: %1</translation>
    </message>
    <message>
        <location filename="../../ui/overdue_page.py" line="237"/>
        <source>Late since %1</source>
        <translation>Просрочено с %1</translation>
    </message>
</context>
<context>
    <name>PartReplacementDialog</name>
    <message>
        <location filename="../../ui/equipment_entries.py" line="222"/>
        <source>Record a replaced part</source>
        <translation>Замена детали</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="224"/>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="229"/>
        <source>e.g. compressor, fan motor</source>
        <translation>например, компрессор, мотор вентилятора</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="234"/>
        <source>Serial of the part taken out; empty when unknown</source>
        <translation>Номер снятой детали; пусто, если неизвестен</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="236"/>
        <source>Serial of the part fitted; empty when it has none</source>
        <translation>Номер установленной детали; пусто, если его нет</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="238"/>
        <source>Why it was replaced, e.g. burnt out, leaking</source>
        <translation>Причина замены, например сгорела, течёт</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="242"/>
        <source>(no order)</source>
        <translation>(без заказа)</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="248"/>
        <source>Record the part (Ctrl+S)</source>
        <translation>Записать замену (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="253"/>
        <source>&amp;Part:</source>
        <translation>&amp;Деталь:</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="253"/>
        <source>&amp;Old serial:</source>
        <translation>&amp;Старый номер:</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="254"/>
        <source>&amp;New serial:</source>
        <translation>&amp;Новый номер:</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="254"/>
        <source>&amp;Reason:</source>
        <translation>При&amp;чина:</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="255"/>
        <source>&amp;Done under:</source>
        <translation>&amp;По заказу:</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="282"/>
        <source>№%1 of %2 · %3</source>
        <translation>№%1 от %2 · %3</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="286"/>
        <source>The visit&apos;s order</source>
        <translation>Заказ визита</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="309"/>
        <source>The part was not recorded: %1</source>
        <translation>Замена не записана: %1</translation>
    </message>
</context>
<context>
    <name>PartsTableModel</name>
    <message>
        <location filename="../../ui/equipment_card.py" line="168"/>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="168"/>
        <source>Part</source>
        <translation>Запчасть</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="168"/>
        <source>Old → new serial</source>
        <translation>Серийный №: старый → новый</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="168"/>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="168"/>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
</context>
<context>
    <name>PaymentsSection</name>
    <message>
        <location filename="../../ui/payments_section.py" line="37"/>
        <source>Bank transfer</source>
        <extracomment>Roles whose database role may write payments (migration 0007 grants).</extracomment>
        <translation>Банковский перевод</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="38"/>
        <source>Card</source>
        <translation>Карта</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="39"/>
        <source>Cash</source>
        <translation>Наличные</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="40"/>
        <source>Online</source>
        <translation>Онлайн</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="41"/>
        <source>Other</source>
        <translation>Другое</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="44"/>
        <source>entered</source>
        <translation>вручную</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="45"/>
        <source>from 1C</source>
        <translation>из 1С</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="46"/>
        <source>carried over</source>
        <translation>перенесено</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="113"/>
        <source>Amount (a refund with a minus)</source>
        <translation>Сумма (возврат — с минусом)</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="122"/>
        <source>Note (document number, who paid)</source>
        <translation>Примечание (номер документа, кто платил)</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="123"/>
        <source>Add payment</source>
        <translation>Добавить оплату</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="124"/>
        <source>Add the payment (Ctrl+Enter)</source>
        <translation>Добавить оплату (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="127"/>
        <location filename="../../ui/payments_section.py" line="256"/>
        <source>Delete payment</source>
        <translation>Удалить оплату</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="195"/>
        <source>Paid %1 of %2</source>
        <translation>Оплачено %1 из %2</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="198"/>
        <source>due %1</source>
        <translation>к оплате %1</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="200"/>
        <source>overpaid %1</source>
        <translation>переплата %1</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="202"/>
        <source>fully paid</source>
        <translation>оплачено полностью</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="214"/>
        <source>Enter the amount paid (a refund with a minus).</source>
        <translation>Введите оплаченную сумму (возврат — с минусом).</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="247"/>
        <source>Delete the payment of %1 of %2?</source>
        <translation>Удалить оплату %1 от %2?</translation>
    </message>
</context>
<context>
    <name>PaymentsTableModel</name>
    <message>
        <location filename="../../ui/payments_section.py" line="67"/>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="67"/>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="67"/>
        <source>Method</source>
        <translation>Способ</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="67"/>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../ui/payments_section.py" line="67"/>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
</context>
<context>
    <name>PbxStatusLabel</name>
    <message>
        <location filename="../../ui/pbx_status.py" line="23"/>
        <source>PBX: …</source>
        <translation>АТС: …</translation>
    </message>
    <message>
        <location filename="../../ui/pbx_status.py" line="43"/>
        <source>PBX online</source>
        <translation>АТС на связи</translation>
    </message>
    <message>
        <location filename="../../ui/pbx_status.py" line="44"/>
        <source>PBX connecting…</source>
        <translation>АТС: подключение…</translation>
    </message>
    <message>
        <location filename="../../ui/pbx_status.py" line="45"/>
        <source>PBX offline</source>
        <translation>АТС не на связи</translation>
    </message>
    <message>
        <location filename="../../ui/pbx_status.py" line="46"/>
        <source>PBX: call service not running</source>
        <translation>АТС: сервис звонков не запущен</translation>
    </message>
    <message>
        <location filename="../../ui/pbx_status.py" line="50"/>
        <source>Calls still ring on the phones, but FieldDesk does not see them: no call pane, no missed-call tasks until the PBX is back.</source>
        <translation>Звонки по-прежнему поступают на телефоны, но FieldDesk их не видит: не будет ни панели звонка, ни задач по пропущенным, пока связь с АТС не восстановится.</translation>
    </message>
    <message>
        <location filename="../../ui/pbx_status.py" line="52"/>
        <source>Start it on the server with: python main.py service</source>
        <translation>Запустите его на сервере командой: python main.py service</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <location filename="../../ui/pdf_view.py" line="456"/>
        <source>Print…</source>
        <translation>Печать…</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="457"/>
        <source>Choose the printer, the pages and the copies (Ctrl+P)</source>
        <translation>Выбрать принтер, страницы и число копий (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="460"/>
        <source>Save as PDF…</source>
        <translation>Сохранить в PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="461"/>
        <source>Save the document as a PDF file (Ctrl+S)</source>
        <translation>Сохранить документ в файл PDF (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="464"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="495"/>
        <source>Printing…</source>
        <translation>Печать…</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="501"/>
        <source>Printing page %1 of %2…</source>
        <translation>Печать страницы %1 из %2…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pdf_view.py" line="507"/>
        <source>Sent to the printer: %n sheet(s).</source>
        <translation>
            <numerusform>Отправлено на принтер: %n лист.</numerusform>
            <numerusform>Отправлено на принтер: %n листа.</numerusform>
            <numerusform>Отправлено на принтер: %n листов.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="515"/>
        <source>The document could not be printed:</source>
        <translation>Не удалось напечатать документ:</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="522"/>
        <source>Save as PDF</source>
        <translation>Сохранить в PDF</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="523"/>
        <source>PDF document (*.pdf)</source>
        <translation>Документ PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="536"/>
        <source>Saved to %1</source>
        <translation>Сохранено в %1</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="542"/>
        <source>The PDF could not be saved:</source>
        <translation>Не удалось сохранить PDF:</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="543"/>
        <source>Choose another folder or file name.</source>
        <translation>Выберите другую папку или имя файла.</translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <location filename="../../ui/pdf_view.py" line="170"/>
        <source>Zoom out (Ctrl+minus)</source>
        <translation>Уменьшить (Ctrl+минус)</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="171"/>
        <source>Zoom in (Ctrl+plus)</source>
        <translation>Увеличить (Ctrl+плюс)</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="172"/>
        <source>Fit width</source>
        <translation>По ширине</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="172"/>
        <source>Fit the page width to the window (Ctrl+0)</source>
        <translation>Подогнать ширину страницы к окну (Ctrl+0)</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="372"/>
        <source>Page %1 of %2</source>
        <translation>Страница %1 из %2</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="375"/>
        <source>No pages</source>
        <translation>Нет страниц</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_view.py" line="429"/>
        <source>This page cannot be shown: %1</source>
        <translation>Не удаётся показать страницу: %1</translation>
    </message>
</context>
<context>
    <name>PhoneExtensionForm</name>
    <message>
        <location filename="../../ui/pages.py" line="55"/>
        <source>e.g. 201</source>
        <translation>например, 201</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="57"/>
        <source>The extension of the phone on this desk; Enter applies it</source>
        <translation>Добавочный номер телефона на этом рабочем месте; Enter применяет его</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="59"/>
        <source>Phone extension of this desk:</source>
        <translation>Добавочный номер этого рабочего места:</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="62"/>
        <source>Leave empty to use your own extension, %1.</source>
        <translation>Оставьте пустым, чтобы использовать ваш собственный добавочный, %1.</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="64"/>
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
        <location filename="../../ui/client_card_sections.py" line="78"/>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="78"/>
        <source>No phone numbers.</source>
        <translation>Телефонов нет.</translation>
    </message>
</context>
<context>
    <name>PipelineSettings</name>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="47"/>
        <source>open</source>
        <translation>открытая</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="48"/>
        <source>closed as won</source>
        <translation>закрыта успешно</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="49"/>
        <source>closed as lost</source>
        <translation>закрыта неуспешно</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="50"/>
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="51"/>
        <source>Site</source>
        <translation>Объект</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="52"/>
        <source>Equipment</source>
        <translation>Оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="53"/>
        <source>Owner</source>
        <translation>Ответственный</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="54"/>
        <source>Scenario</source>
        <translation>Сценарий</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="55"/>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="56"/>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="57"/>
        <source>Due date</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="58"/>
        <source>Photos</source>
        <translation>Фото</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="59"/>
        <source>Signed act</source>
        <translation>Подписанный акт</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="60"/>
        <source>Claim</source>
        <translation>Рекламация</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="61"/>
        <source>Scan</source>
        <translation>Скан</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="62"/>
        <source>Completion act</source>
        <translation>Акт выполненных работ</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="63"/>
        <source>Manufacturer&apos;s claim act</source>
        <translation>Акт рекламации производителя</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="64"/>
        <source>Commissioning act</source>
        <translation>Акт ввода в эксплуатацию</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="65"/>
        <source>Contract</source>
        <translation>Договор</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="66"/>
        <source>Invoice</source>
        <translation>Счёт</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="147"/>
        <source>Stage colour</source>
        <translation>Цвет стадии</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="162"/>
        <source>Only a manager or an administrator can change pipelines; you can look at them here.</source>
        <translation>Изменять воронки может только менеджер или администратор; здесь их можно только посмотреть.</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="174"/>
        <source>F2 or a double-click renames the pipeline</source>
        <translation>F2 или двойной щелчок — переименовать воронку</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="178"/>
        <source>New pipeline name</source>
        <translation>Название новой воронки</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="180"/>
        <source>code, e.g. furniture</source>
        <translation>код, например furniture</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="181"/>
        <source>Add pipeline</source>
        <translation>Добавить воронку</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="183"/>
        <location filename="../../ui/pipeline_settings.py" line="372"/>
        <source>Archive</source>
        <translation>В архив</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="184"/>
        <source>Hide the pipeline from new orders and boards; its orders stay</source>
        <translation>Скрыть воронку для новых заказов и досок; её заказы сохранятся</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="191"/>
        <source>Drag or Alt+Up/Down to reorder; F2 renames.</source>
        <translation>Порядок — перетаскиванием или Alt+Up/Down; F2 — переименовать.</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="196"/>
        <source>New stage name</source>
        <translation>Название новой стадии</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="198"/>
        <source>Add stage</source>
        <translation>Добавить стадию</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="199"/>
        <source>Add after the selected stage</source>
        <translation>Добавить после выбранной стадии</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="200"/>
        <source>Delete stage</source>
        <translation>Удалить стадию</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="201"/>
        <source>Choose the stage&apos;s colour</source>
        <translation>Выбрать цвет стадии</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="208"/>
        <location filename="../../ui/pipeline_settings.py" line="379"/>
        <source>no limit</source>
        <translation>без ограничения</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="209"/>
        <source> h</source>
        <translation> ч</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="210"/>
        <source>How long an order may stay before it shows as overdue</source>
        <translation>Сколько заказ может находиться в стадии, прежде чем станет просроченным</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="213"/>
        <source>Before an order may enter</source>
        <translation>Условия перехода в стадию</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="218"/>
        <source>Add…</source>
        <translation>Добавить…</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="219"/>
        <source>Edit…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="220"/>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="234"/>
        <source>Pipelines</source>
        <translation>Воронки</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="241"/>
        <source>Stages</source>
        <translation>Стадии</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="247"/>
        <source>Colour:</source>
        <translation>Цвет:</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="248"/>
        <source>Kind:</source>
        <translation>Тип:</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="249"/>
        <source>Time limit:</source>
        <translation>Срок в стадии:</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="255"/>
        <source>Automation</source>
        <translation>Автоматизация</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="309"/>
        <source>%1 (archived)</source>
        <translation>%1 (в архиве)</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="312"/>
        <source>Code: %1</source>
        <translation>Код: %1</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="324"/>
        <source>Pipelines could not be read or saved: %1</source>
        <translation>Не удалось прочитать или сохранить воронки: %1</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="372"/>
        <source>Restore</source>
        <translation>Восстановить</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="379"/>
        <source>%1 h</source>
        <translation>%1 ч</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="402"/>
        <source>Before an order may enter «%1»</source>
        <translation>Условия перехода в «%1»</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="418"/>
        <source>Filled in:</source>
        <translation>Заполнены:</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="423"/>
        <source>Attached:</source>
        <translation>Прикреплены:</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="426"/>
        <source>Documents:</source>
        <translation>Документы:</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="429"/>
        <source>Only these roles may move here:</source>
        <translation>Переводить сюда могут только роли:</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="441"/>
        <source>Fully paid</source>
        <translation>Полностью оплачен</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="471"/>
        <source>No automation: add a rule to create tasks or move on.</source>
        <translation>Автоматизации нет: добавьте правило, чтобы создавать задачи или переводить заказ дальше.</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_settings.py" line="472"/>
        <source>No automation.</source>
        <translation>Автоматизации нет.</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="28"/>
        <source>On entering, create a task</source>
        <translation>При входе создать задачу</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="29"/>
        <source>When the task is done, move on</source>
        <translation>Когда задача выполнена, перевести дальше</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="30"/>
        <source>Ask for documents, remind every N days</source>
        <translation>Запросить документы, напоминать каждые N дней</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="39"/>
        <source>the order&apos;s owner</source>
        <translation>ответственного за заказ</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="42"/>
        <source>a %1</source>
        <translation>любого с ролью «%1»</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="50"/>
        <source>Create task «%1» for %2, due in %3 h</source>
        <translation>Создать задачу «%1» для %2, срок %3 ч</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="55"/>
        <source>When its task is done, move to «%1»</source>
        <translation>Когда задача выполнена, перевести в «%1»</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="58"/>
        <source>Ask %1 for %2, remind every %3 d</source>
        <translation>Запросить у %1: %2; напоминать каждые %3 дн.</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="61"/>
        <source>%1 (off)</source>
        <translation>%1 (отключено)</translation>
    </message>
</context>
<context>
    <name>PlanningBoard</name>
    <message>
        <location filename="../../ui/planning_board_items.py" line="30"/>
        <source>air conditioner installation</source>
        <translation>монтаж кондиционеров</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="31"/>
        <source>air conditioner service</source>
        <translation>обслуживание кондиционеров</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="32"/>
        <source>electrical work</source>
        <translation>электромонтаж</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="33"/>
        <source>water meters</source>
        <translation>счётчики воды</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="34"/>
        <source>farm machinery</source>
        <translation>сельхозтехника</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="37"/>
        <source>vacation</source>
        <translation>отпуск</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="38"/>
        <source>sick leave</source>
        <translation>больничный</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="39"/>
        <source>day off</source>
        <translation>выходной</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="40"/>
        <source>training</source>
        <translation>обучение</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="41"/>
        <source>away</source>
        <translation>отсутствует</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="67"/>
        <source>Conflicts with visit №%1 %2–%3</source>
        <extracomment>A glyph beside the colour, so the status is never told by colour alone.</extracomment>
        <translation>Пересекается с выездом №%1 %2–%3</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="72"/>
        <source>Outside shift %1–%2</source>
        <translation>Вне смены %1–%2</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="75"/>
        <location filename="../../ui/planning_board_paint.py" line="154"/>
        <source>Public holiday: %1</source>
        <translation>Праздничный день: %1</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="77"/>
        <source>No shift on %1</source>
        <translation>Нет смены %1</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="78"/>
        <source>The visit must end after it starts</source>
        <translation>Выезд должен заканчиваться позже, чем начинается</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="80"/>
        <source>Missing skill: %1</source>
        <translation>Нет навыка: %1</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="83"/>
        <source>Only %1 min to drive from the previous visit, needs %2</source>
        <translation>На дорогу от предыдущего выезда всего %1 мин, а нужно %2</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="85"/>
        <source>Only %1 min to drive to the next visit, needs %2</source>
        <translation>На дорогу до следующего выезда всего %1 мин, а нужно %2</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="88"/>
        <source>Away %1–%2: %3</source>
        <translation>Отсутствует %1–%2: %3</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="92"/>
        <source>Finished visits stay where they were</source>
        <translation>Завершённые выезды не переносятся</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="93"/>
        <source>The visit has started: only the service head may reschedule it</source>
        <translation>Выезд уже начался: перенести его может только руководитель сервиса</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="96"/>
        <source>Only the service head may reschedule visits</source>
        <translation>Переносить выезды может только руководитель сервиса</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="279"/>
        <source>Crew of %1</source>
        <translation>Бригада из %1 чел.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="280"/>
        <source>Drag to move · drag the right edge to change the length · Alt+drop on another visit swaps them · Enter opens the order</source>
        <translation>Перетащите, чтобы перенести · тяните правый край, чтобы изменить длительность · Alt+перетаскивание на другой выезд меняет их местами · Enter открывает заказ</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="299"/>
        <source>%1 min between visits; a site is not on the map</source>
        <translation>%1 мин между выездами; объекта нет на карте</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_items.py" line="301"/>
        <source>Drive %1 min, %2 min between visits</source>
        <translation>Дорога %1 мин, между выездами %2 мин</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_paint.py" line="75"/>
        <source>Away: %1</source>
        <translation>Отсутствует: %1</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_paint.py" line="78"/>
        <source>Holiday, no shift</source>
        <translation>Праздник, смены нет</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_paint.py" line="80"/>
        <source>No shift</source>
        <translation>Нет смены</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_paint.py" line="180"/>
        <source>No zone</source>
        <translation>Без зоны</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/planning_board_paint.py" line="215"/>
        <source>%n visit(s) this week</source>
        <translation>
            <numerusform>%n выезд за неделю</numerusform>
            <numerusform>%n выезда за неделю</numerusform>
            <numerusform>%n выездов за неделю</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_paint.py" line="220"/>
        <source>public holiday</source>
        <translation>праздник</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_paint.py" line="222"/>
        <source>no shift</source>
        <translation>нет смены</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/planning_board_paint.py" line="229"/>
        <source>%n visit(s)</source>
        <translation>
            <numerusform>%n выезд</numerusform>
            <numerusform>%n выезда</numerusform>
            <numerusform>%n выездов</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_paint.py" line="233"/>
        <source>Mon</source>
        <translation>Пн</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_paint.py" line="233"/>
        <source>Tue</source>
        <translation>Вт</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_paint.py" line="234"/>
        <source>Wed</source>
        <translation>Ср</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_paint.py" line="234"/>
        <source>Thu</source>
        <translation>Чт</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_paint.py" line="235"/>
        <source>Fri</source>
        <translation>Пт</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_paint.py" line="235"/>
        <source>Sat</source>
        <translation>Сб</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_paint.py" line="236"/>
        <source>Sun</source>
        <translation>Вс</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board.py" line="90"/>
        <source>%1 min</source>
        <translation>%1 мин</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board.py" line="95"/>
        <source>Assigned now; the optimised plan leaves it unassigned</source>
        <translation>Сейчас назначен; оптимизированный план оставляет его без техника</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board.py" line="96"/>
        <source>Drag onto a technician&apos;s row to assign</source>
        <translation>Перетащите на строку мастера, чтобы назначить</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board.py" line="178"/>
        <source>Unassigned visits: drag one onto a technician&apos;s row to assign it</source>
        <translation>Неназначенные выезды: перетащите выезд на строку мастера, чтобы назначить его</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board.py" line="180"/>
        <source>Unassigned</source>
        <translation>Не назначены</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board.py" line="294"/>
        <source>Unassigned (%1)</source>
        <translation>Не назначены (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board.py" line="306"/>
        <source>The plan could not be read: %1</source>
        <translation>Не удалось прочитать план: %1</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board.py" line="321"/>
        <source>Visits swapped</source>
        <translation>Выезды поменялись местами</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board.py" line="326"/>
        <source>Visit №%1 is back in the unassigned tray</source>
        <translation>Выезд №%1 возвращён в неназначенные</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board.py" line="330"/>
        <source>Visit №%1 moved: %2 %3–%4</source>
        <translation>Выезд №%1 перенесён: %2 %3–%4</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_view.py" line="224"/>
        <source>The board shows the optimised plan: apply or discard it in the Optimise window before moving visits</source>
        <translation>На доске показан оптимизированный план: примените или отмените его в окне оптимизации, прежде чем двигать визиты</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_view.py" line="395"/>
        <source>Swap with №%1</source>
        <translation>Поменять местами с №%1</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_view.py" line="506"/>
        <source>Open order №%1</source>
        <translation>Открыть заказ №%1</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_view.py" line="508"/>
        <source>Back to the unassigned tray</source>
        <translation>Вернуть в неназначенные</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/planning_board_preview.py" line="44"/>
        <source>%n visit(s) move</source>
        <translation>
            <numerusform>%n визит переносится</numerusform>
            <numerusform>%n визита переносятся</numerusform>
            <numerusform>%n визитов переносятся</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/planning_board_preview.py" line="45"/>
        <source>%n left unassigned</source>
        <translation>
            <numerusform>%n остаётся без техника</numerusform>
            <numerusform>%n остаются без техника</numerusform>
            <numerusform>%n остаются без техника</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_preview.py" line="46"/>
        <source>Preview of the optimised plan: %1, %2 · Apply or Discard in the Optimise window</source>
        <translation>Просмотр оптимизированного плана: %1, %2 · Применить или отменить — в окне оптимизации</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_preview.py" line="77"/>
        <source>Now: unassigned</source>
        <translation>Сейчас: без техника</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_preview.py" line="78"/>
        <source>Plan: left unassigned</source>
        <translation>План: без техника</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_preview.py" line="85"/>
        <source>Now: %1 %2–%3</source>
        <translation>Сейчас: %1 %2–%3</translation>
    </message>
    <message>
        <location filename="../../ui/planning_board_preview.py" line="86"/>
        <source>Plan: %1 %2–%3</source>
        <translation>План: %1 %2–%3</translation>
    </message>
</context>
<context>
    <name>PlanningPage</name>
    <message>
        <location filename="../../ui/planning_page.py" line="79"/>
        <source>The day shown (Ctrl+Left / Ctrl+Right: previous / next)</source>
        <extracomment>The Optimise window&apos;s class: it takes OptimiseDialog&apos;s arguments and has its signals (plan_applied, preview_changed, preview_cleared, finished).</extracomment>
        <translation>Показанный день (Ctrl+Left / Ctrl+Right: предыдущий / следующий)</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="83"/>
        <source>Previous day or week (Ctrl+Left)</source>
        <translation>Предыдущий день или неделя (Ctrl+Left)</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="87"/>
        <source>Next day or week (Ctrl+Right)</source>
        <translation>Следующий день или неделя (Ctrl+Right)</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="89"/>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="90"/>
        <source>Go to today (T)</source>
        <translation>Перейти к сегодняшнему дню (T)</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="93"/>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="95"/>
        <source>Week</source>
        <translation>Неделя</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="99"/>
        <source>Day or week view (W)</source>
        <translation>Вид: день или неделя (W)</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="104"/>
        <source>All zones</source>
        <translation>Все зоны</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="105"/>
        <source>Show the technicians and unassigned visits of one zone</source>
        <translation>Показать мастеров и неназначенные выезды одной зоны</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="113"/>
        <source>Route sheets…</source>
        <translation>Маршрутные листы…</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="114"/>
        <source>Print the day&apos;s route sheets of the technicians shown, in visiting order, with map links (Ctrl+P)</source>
        <translation>Напечатать маршрутные листы показанных мастеров на день, в порядке выездов, со ссылками на карту (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="120"/>
        <location filename="../../ui/planning_page.py" line="199"/>
        <source>Optimise…</source>
        <translation>Оптимизировать…</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="128"/>
        <source>The map is not available in this build.</source>
        <translation>В этой сборке карта недоступна.</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="149"/>
        <source>Zone:</source>
        <translation>Зона:</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="181"/>
        <source>Route sheets sent to the printer</source>
        <translation>Маршрутные листы отправлены на печать</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="183"/>
        <source>Route sheets saved to %1</source>
        <translation>Маршрутные листы сохранены в %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/planning_page.py" line="193"/>
        <source>Optimise %n technician(s)…</source>
        <translation>
            <numerusform>Оптимизировать %n техника…</numerusform>
            <numerusform>Оптимизировать %n техников…</numerusform>
            <numerusform>Оптимизировать %n техников…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/planning_page.py" line="195"/>
        <source>Optimise the routes of the day shown for the %n technician(s) selected on the board (Ctrl+R). Click a name to select it, Ctrl+click to add or remove, Shift+click a range; Esc clears</source>
        <translation>
            <numerusform>Оптимизировать маршруты показанного дня для %n техника, выбранного на доске (Ctrl+R). Щелчок по имени выбирает, Ctrl+щелчок добавляет или убирает, Shift+щелчок — диапазон; Esc сбрасывает</numerusform>
            <numerusform>Оптимизировать маршруты показанного дня для %n техников, выбранных на доске (Ctrl+R). Щелчок по имени выбирает, Ctrl+щелчок добавляет или убирает, Shift+щелчок — диапазон; Esc сбрасывает</numerusform>
            <numerusform>Оптимизировать маршруты показанного дня для %n техников, выбранных на доске (Ctrl+R). Щелчок по имени выбирает, Ctrl+щелчок добавляет или убирает, Shift+щелчок — диапазон; Esc сбрасывает</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="201"/>
        <source>Optimise the routes of the day shown, for the zone chosen (Ctrl+R). To optimise some technicians only, click their names on the board (Ctrl+click adds, Shift+click a range)</source>
        <translation>Оптимизировать маршруты показанного дня для выбранной зоны (Ctrl+R). Чтобы оптимизировать только некоторых техников, щёлкните их имена на доске (Ctrl+щелчок добавляет, Shift+щелчок — диапазон)</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="280"/>
        <source>%1 visits · %2 of %3 technicians on shift · %4 unassigned</source>
        <translation>Выездов: %1 · мастеров на смене: %2 из %3 · не назначено: %4</translation>
    </message>
    <message>
        <location filename="../../ui/planning_page.py" line="284"/>
        <source>%1 drives too short</source>
        <translation>мало времени на дорогу: %1</translation>
    </message>
</context>
<context>
    <name>PlansTableModel</name>
    <message>
        <location filename="../../ui/maintenance_section.py" line="94"/>
        <source>Interval</source>
        <translation>Периодичность</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="94"/>
        <source>Counts from</source>
        <translation>Отсчёт от</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="94"/>
        <source>Next due</source>
        <translation>Следующее ТО</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="94"/>
        <source>Contract</source>
        <translation>Договор</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="95"/>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
</context>
<context>
    <name>ProblemsTableModel</name>
    <message>
        <location filename="../../ui/equipment_card.py" line="183"/>
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="183"/>
        <source>Problem</source>
        <translation>Неисправность</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="183"/>
        <source>Times</source>
        <translation>Раз</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="183"/>
        <source>Units</source>
        <translation>Единиц</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="188"/>
        <source>Complaint</source>
        <translation>Жалоба</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="188"/>
        <source>Part replaced</source>
        <translation>Замена запчасти</translation>
    </message>
</context>
<context>
    <name>ProposalsPanel</name>
    <message>
        <location filename="../../ui/proposals_panel.py" line="38"/>
        <source>Service</source>
        <translation>Услуга</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="39"/>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="40"/>
        <source>Quantity</source>
        <translation>Количество</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="41"/>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="84"/>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="85"/>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="86"/>
        <source>Read the proposals again</source>
        <translation>Загрузить предложения заново</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="95"/>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="95"/>
        <source>Visit now</source>
        <translation>Сейчас</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="95"/>
        <source>Proposed</source>
        <translation>Предложено</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="101"/>
        <source>The visit was changed after this was proposed: approving is refused; reject it and ask the technician to propose again.</source>
        <translation>Выезд изменили после того, как было сделано это предложение: одобрить его нельзя; отклоните его и попросите мастера предложить заново.</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="107"/>
        <source>Why it is rejected (the technician sees it)</source>
        <translation>Почему отклонено (мастер это увидит)</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="108"/>
        <source>&amp;Approve</source>
        <translation>&amp;Одобрить</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="109"/>
        <source>Apply the proposed change to the visit</source>
        <translation>Применить предложенное изменение к выезду</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="111"/>
        <source>&amp;Reject</source>
        <translation>Отк&amp;лонить</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="112"/>
        <source>Turn the proposal down with the note beside</source>
        <translation>Отклонить предложение с причиной, указанной рядом</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="118"/>
        <source>No proposals are waiting.</source>
        <translation>Предложений, ждущих решения, нет.</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="150"/>
        <source>Proposed changes</source>
        <translation>Предложенные изменения</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="186"/>
        <source>%1 proposals waiting</source>
        <translation>Ждут решения: %1</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="187"/>
        <source>Nothing to decide</source>
        <translation>Решать нечего</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="192"/>
        <source>The proposals could not be read: %1</source>
        <translation>Не удалось прочитать предложения: %1</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="197"/>
        <source>№%1 %2 — %3</source>
        <translation>№%1 %2 — %3</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="199"/>
        <location filename="../../ui/proposals_panel.py" line="226"/>
        <source>a former technician</source>
        <translation>бывший мастер</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="223"/>
        <source>Order №%1, %2–%3, %4. Proposed by %5 on %6.</source>
        <translation>Заказ №%1, %2–%3, %4. Предложил: %5, %6.</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="225"/>
        <source>no address</source>
        <translation>адрес не указан</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="234"/>
        <source>Why: %1</source>
        <translation>Причина: %1</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="253"/>
        <source>Approved: the visit of order №%1 is changed.</source>
        <translation>Одобрено: выезд по заказу №%1 изменён.</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="263"/>
        <source>Write why it is rejected first; the technician sees the note.</source>
        <translation>Сначала напишите причину отказа; мастер увидит это примечание.</translation>
    </message>
    <message>
        <location filename="../../ui/proposals_panel.py" line="269"/>
        <source>Rejected: the visit of order №%1 stays as it was.</source>
        <translation>Отклонено: выезд по заказу №%1 остаётся без изменений.</translation>
    </message>
</context>
<context>
    <name>ProposeChangeDialog</name>
    <message>
        <location filename="../../ui/my_day_page.py" line="86"/>
        <source>Propose a change to order №%1</source>
        <translation>Предложить изменение по заказу №%1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="90"/>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="96"/>
        <source>(current service)</source>
        <translation>(текущая услуга)</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="98"/>
        <source>(no service)</source>
        <translation>(без услуги)</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="102"/>
        <source>unchanged</source>
        <translation>без изменений</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="105"/>
        <source>What the dispatcher should know (unchanged when empty)</source>
        <translation>Что нужно знать диспетчеру (если пусто — без изменений)</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="108"/>
        <source>Why, e.g. one meter needs no verification</source>
        <translation>Почему, например: один счётчик не нуждается в поверке</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="114"/>
        <source>Send to the dispatcher</source>
        <translation>Отправить диспетчеру</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="118"/>
        <source>&amp;Duration:</source>
        <translation>&amp;Длительность:</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="119"/>
        <source>&amp;Service:</source>
        <translation>&amp;Услуга:</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="120"/>
        <source>&amp;Quantity:</source>
        <translation>&amp;Количество:</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="121"/>
        <source>&amp;Note:</source>
        <translation>&amp;Примечание:</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="122"/>
        <source>&amp;Reason:</source>
        <translation>При&amp;чина:</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="124"/>
        <source>%1–%2, %3. The visit changes once a dispatcher approves.</source>
        <translation>%1–%2, %3. Выезд изменится, когда диспетчер одобрит предложение.</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="126"/>
        <source>no address</source>
        <translation>адрес не указан</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="154"/>
        <source>Change the duration, the service, the quantity or the note first.</source>
        <translation>Сначала измените длительность, услугу, количество или примечание.</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="157"/>
        <source>Say why the visit should change; the dispatcher decides on it.</source>
        <translation>Укажите, почему выезд нужно изменить; решение примет диспетчер.</translation>
    </message>
</context>
<context>
    <name>ReadingDialog</name>
    <message>
        <location filename="../../ui/equipment_entries.py" line="100"/>
        <source>Add a reading</source>
        <translation>Новое показание</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="102"/>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="108"/>
        <source>As on the counter, e.g. 1250 or 1250.5</source>
        <translation>Как на счётчике, например 1250 или 1250,5</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="118"/>
        <source>Save the reading (Ctrl+S)</source>
        <translation>Сохранить показание (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="126"/>
        <source>&amp;Value:</source>
        <translation>&amp;Значение:</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="129"/>
        <source>&amp;Read on:</source>
        <translation>&amp;Когда снято:</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="131"/>
        <source>&amp;Source:</source>
        <translation>&amp;Источник:</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="155"/>
        <source>Latest reading: %1 %2 on %3</source>
        <translation>Последнее показание: %1 %2, %3</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="161"/>
        <source>No readings yet.</source>
        <translation>Показаний пока нет.</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="163"/>
        <source>This unit has no usage counter (engine hours or km); set it in the unit&apos;s form (Edit…) before entering readings.</source>
        <translation>У этого оборудования нет счётчика наработки (моточасы или км); укажите его в форме оборудования («Изменить…»), прежде чем вводить показания.</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="184"/>
        <source>Enter the value shown on the counter.</source>
        <translation>Введите значение со счётчика.</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_entries.py" line="199"/>
        <source>The reading was not saved: %1</source>
        <translation>Показание не сохранено: %1</translation>
    </message>
</context>
<context>
    <name>ReadingsTableModel</name>
    <message>
        <location filename="../../ui/equipment_card.py" line="153"/>
        <source>Read on</source>
        <translation>Дата показания</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="153"/>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="153"/>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
</context>
<context>
    <name>RecentCallsTableModel</name>
    <message>
        <location filename="../../ui/call_models.py" line="254"/>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="254"/>
        <source>Direction</source>
        <translation>Направление</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="254"/>
        <source>Status</source>
        <translation>Исход</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="254"/>
        <source>Talk</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <location filename="../../ui/call_models.py" line="276"/>
        <source>extension %1</source>
        <translation>добавочный %1</translation>
    </message>
</context>
<context>
    <name>RejectedTableModel</name>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="74"/>
        <source>Line</source>
        <translation>Строка</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="74"/>
        <source>Why</source>
        <translation>Причина</translation>
    </message>
    <message>
        <location filename="../../ui/import_1c_dialog.py" line="74"/>
        <source>What the line says</source>
        <translation>Содержимое строки</translation>
    </message>
</context>
<context>
    <name>RouteSheetPrinter</name>
    <message>
        <location filename="../../ui/route_sheet_print.py" line="61"/>
        <source>Route sheets for %1</source>
        <translation>Маршрутные листы на %1</translation>
    </message>
    <message>
        <location filename="../../ui/route_sheet_print.py" line="73"/>
        <source>Route sheets</source>
        <translation>Маршрутные листы</translation>
    </message>
</context>
<context>
    <name>RoutesArea</name>
    <message>
        <location filename="../../ui/optimise_routes.py" line="304"/>
        <source>%1 is fixed and stays with its technician.</source>
        <translation>%1 закреплён и остаётся у своего техника.</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="308"/>
        <source>%1 has no coordinates, so it cannot go on a route; set its address on the map first.</source>
        <translation>У %1 нет координат, его нельзя поставить в маршрут; сначала укажите адрес на карте.</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="355"/>
        <source>Move to %1</source>
        <translation>Перенести к: %1</translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="360"/>
        <source>Leave unassigned</source>
        <translation>Оставить без техника</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/optimise_routes.py" line="385"/>
        <source>%n stop(s) · %1 km · %2 h driving</source>
        <translation>
            <numerusform>%n визит · %1 км · %2 ч в пути</numerusform>
            <numerusform>%n визита · %1 км · %2 ч в пути</numerusform>
            <numerusform>%n визитов · %1 км · %2 ч в пути</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/optimise_routes.py" line="388"/>
        <source>no stops: drop one here</source>
        <translation>нет визитов: перетащите сюда</translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="70"/>
        <source>Automation of «%1»</source>
        <translation>Автоматизация стадии «%1»</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="76"/>
        <source>e.g. Confirm the survey time</source>
        <translation>например, Подтвердить время замера</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="78"/>
        <source>The order&apos;s owner</source>
        <translation>Ответственный за заказ</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="80"/>
        <source>Any %1</source>
        <translation>Любой с ролью «%1»</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="87"/>
        <source> h</source>
        <translation> ч</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="97"/>
        <source> d</source>
        <translation> дн.</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="98"/>
        <source>Active</source>
        <translation>Активно</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="101"/>
        <source>Kind:</source>
        <translation>Тип:</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="102"/>
        <source>Task title:</source>
        <translation>Название задачи:</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="102"/>
        <source>Owner:</source>
        <translation>Ответственный:</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="103"/>
        <source>Due in:</source>
        <translation>Срок через:</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="103"/>
        <source>Move to:</source>
        <translation>Перевести в:</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="104"/>
        <source>Documents:</source>
        <translation>Документы:</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_rule_dialog.py" line="104"/>
        <source>Remind every:</source>
        <translation>Напоминать каждые:</translation>
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
        <location filename="../../ui/pages.py" line="100"/>
        <source>Save database setting</source>
        <translation>Сохранить настройку базы данных</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="101"/>
        <source>Save the database choice; FieldDesk uses it after a restart (Ctrl+S)</source>
        <translation>Сохранить выбор базы данных; FieldDesk применит его после перезапуска (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="110"/>
        <source>Language: English. FieldDesk follows the system language; set FIELDDESK_LANG to ru or en to choose.</source>
        <translation>Язык: русский. FieldDesk следует языку системы; чтобы выбрать язык, задайте FIELDDESK_LANG=ru или en.</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="113"/>
        <source>FieldDesk %1</source>
        <translation>FieldDesk %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="120"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="122"/>
        <source>Database</source>
        <translation>База данных</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="126"/>
        <source>Telephony</source>
        <translation>Телефония</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="131"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="162"/>
        <source>Restart FieldDesk to use it.</source>
        <translation>Перезапустите FieldDesk, чтобы применить.</translation>
    </message>
</context>
<context>
    <name>SitesSection</name>
    <message>
        <location filename="../../ui/client_card_sections.py" line="148"/>
        <source>Sites</source>
        <translation>Объекты</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="148"/>
        <source>No addresses yet.</source>
        <translation>Адресов пока нет.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="155"/>
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
        <location filename="../../ui/maintenance_section.py" line="45"/>
        <location filename="../../ui/status_palette.py" line="51"/>
        <source>planned</source>
        <extracomment>States of an occurrence as chips; &quot;overdue&quot; and &quot;due soon&quot; are planned ones seen from today.
----------
Warranty that ends within this many days counts as &quot;expiring soon&quot;. Usage-limited warranty with less than this left counts as &quot;expiring soon&quot;.</extracomment>
        <translation>запланирован</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="48"/>
        <source>booked</source>
        <translation>записан</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="50"/>
        <source>skipped</source>
        <translation>пропущен</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="53"/>
        <source>active</source>
        <translation>действует</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="54"/>
        <source>needs readings</source>
        <translation>нужны показания</translation>
    </message>
    <message>
        <location filename="../../ui/maintenance_section.py" line="55"/>
        <source>ended</source>
        <translation>завершён</translation>
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
        <location filename="../../ui/maintenance_section.py" line="49"/>
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
        <location filename="../../ui/maintenance_section.py" line="47"/>
        <location filename="../../ui/status_palette.py" line="57"/>
        <source>overdue</source>
        <extracomment>Callback deadlines: past due (red), due within DUE_SOON_SECONDS (amber), later (grey, &quot;on time&quot;).</extracomment>
        <translation>просрочен</translation>
    </message>
    <message>
        <location filename="../../ui/call_labels.py" line="33"/>
        <location filename="../../ui/maintenance_section.py" line="46"/>
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
    <message>
        <location filename="../../ui/claim_dialog.py" line="59"/>
        <source>no claim yet</source>
        <translation>рекламации нет</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="64"/>
        <source>claim drafted</source>
        <translation>черновик рекламации</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="65"/>
        <source>claim sent</source>
        <translation>рекламация отправлена</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="66"/>
        <source>claim confirmed</source>
        <translation>рекламация подтверждена</translation>
    </message>
    <message>
        <location filename="../../ui/equipment_card.py" line="67"/>
        <source>claim rejected</source>
        <translation>рекламация отклонена</translation>
    </message>
</context>
<context>
    <name>StopList</name>
    <message>
        <location filename="../../ui/optimise_routes.py" line="123"/>
        <source>Drag a stop within the list or onto another technician. Alt+Up / Alt+Down: earlier / later; Alt+Left / Alt+Right: previous / next technician; Menu key: move to…</source>
        <translation>Перетащите визит внутри списка или к другому технику. Alt+Вверх / Alt+Вниз: раньше / позже; Alt+Влево / Alt+Вправо: предыдущий / следующий техник; клавиша меню: перенести к…</translation>
    </message>
</context>
<context>
    <name>TasksTableModel</name>
    <message>
        <location filename="../../ui/order_card_sections.py" line="74"/>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="74"/>
        <source>Task</source>
        <translation>Задача</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="74"/>
        <source>Who</source>
        <translation>Исполнитель</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="74"/>
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="100"/>
        <source> (cancelled)</source>
        <translation> (отменена)</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="103"/>
        <source>nobody</source>
        <translation>не назначен</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="106"/>
        <source>done %1</source>
        <translation>выполнена %1</translation>
    </message>
    <message>
        <location filename="../../ui/order_card_sections.py" line="108"/>
        <source>%1, late</source>
        <translation>%1, просрочена</translation>
    </message>
</context>
<context>
    <name>TemplatesTableModel</name>
    <message>
        <location filename="../../ui/document_templates.py" line="69"/>
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="69"/>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="69"/>
        <source>For</source>
        <translation>Для</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="79"/>
        <source>%1 (off)</source>
        <translation>%1 (отключён)</translation>
    </message>
    <message>
        <location filename="../../ui/document_templates.py" line="81"/>
        <source>every order</source>
        <translation>все заказы</translation>
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
    <name>VisitCard</name>
    <message>
        <location filename="../../ui/my_day_page.py" line="198"/>
        <source>order №%1</source>
        <translation>заказ №%1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="203"/>
        <source>Access: %1</source>
        <translation>Доступ: %1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="204"/>
        <source>Parking: %1</source>
        <translation>Парковка: %1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="205"/>
        <source>Contact: %1</source>
        <translation>Контакт: %1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="216"/>
        <source>Service: %1</source>
        <translation>Услуга: %1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="220"/>
        <source>Equipment: %1</source>
        <translation>Оборудование: %1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="221"/>
        <source>Note: %1</source>
        <translation>Примечание: %1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="222"/>
        <source>With: %1</source>
        <translation>Вместе с: %1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="225"/>
        <source>Propose a change…</source>
        <translation>Предложить изменение…</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="226"/>
        <source>Duration, service, quantity or note: the dispatcher approves it</source>
        <translation>Длительность, услуга, количество или примечание: изменение одобряет диспетчер</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="234"/>
        <source>Reading…</source>
        <translation>Показание…</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="238"/>
        <source>Enter the unit&apos;s engine hours or km as read on this visit</source>
        <translation>Ввести моточасы или км оборудования, снятые на этом визите</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="239"/>
        <source>The unit has no usage counter (engine hours or km)</source>
        <translation>У оборудования нет счётчика наработки (моточасы или км)</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="240"/>
        <source>Part replaced…</source>
        <translation>Замена детали…</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="241"/>
        <source>A part replaced on the unit on this visit, with the old and new serials</source>
        <translation>Деталь, заменённая на этом визите, со старым и новым номером</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="263"/>
        <source>entrance %1</source>
        <translation>подъезд %1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="263"/>
        <source>floor %1</source>
        <translation>этаж %1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="264"/>
        <source>apt. %1</source>
        <translation>кв. %1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="264"/>
        <source>intercom %1</source>
        <translation>домофон %1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="272"/>
        <source>Waiting for the dispatcher: %1</source>
        <translation>Ждёт решения диспетчера: %1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="274"/>
        <source>Approved: %1</source>
        <translation>Одобрено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/my_day_page.py" line="275"/>
        <source>Rejected: %1 (%2)</source>
        <translation>Отклонено: %1 (%2)</translation>
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
<context>
    <name>ZoneEditor</name>
    <message>
        <location filename="../../ui/zone_editor.py" line="110"/>
        <location filename="../../ui/zone_editor.py" line="362"/>
        <source>New zone</source>
        <extracomment>The point a validity reason names, e.g. &quot;Self-intersection[61.375 55.16]&quot; (lon lat).</extracomment>
        <translation>Новая зона</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="111"/>
        <source>Click the corners of the new zone on the map; double-click or press Enter to close the outline.</source>
        <translation>Щёлкайте по углам новой зоны на карте; двойной щелчок или Enter замыкает контур.</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="114"/>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="127"/>
        <source>Save zone</source>
        <translation>Сохранить зону</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="130"/>
        <source>Discard changes</source>
        <translation>Отменить изменения</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="136"/>
        <source>Zones</source>
        <translation>Зоны</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="173"/>
        <source>no dispatcher</source>
        <translation>без диспетчера</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/zone_editor.py" line="174"/>
        <source>%n technician(s)</source>
        <translation>
            <numerusform>%n мастер</numerusform>
            <numerusform>%n мастера</numerusform>
            <numerusform>%n мастеров</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="177"/>
        <source>No technicians</source>
        <translation>Нет мастеров</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="201"/>
        <location filename="../../ui/zone_editor.py" line="260"/>
        <source>Save or discard the changes to the zone you are editing first.</source>
        <translation>Сначала сохраните или отмените изменения зоны, которую вы редактируете.</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="310"/>
        <source>Outline closed. Name the zone, choose its dispatcher and technicians, then save it.</source>
        <translation>Контур замкнут. Назовите зону, выберите её диспетчера и мастеров, затем сохраните.</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="349"/>
        <source>Drawing cancelled.</source>
        <translation>Рисование отменено.</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="373"/>
        <source>Drag to move this corner; right-click to remove it.</source>
        <translation>Перетащите, чтобы передвинуть этот угол; правый щелчок — удалить его.</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="405"/>
        <source>A zone needs at least three corners; this one cannot be removed.</source>
        <translation>У зоны должно быть не меньше трёх углов; этот угол удалить нельзя.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/zone_editor.py" line="437"/>
        <source>A zone needs at least three corners; click %n more on the map.</source>
        <translation>
            <numerusform>У зоны должно быть не меньше трёх углов; отметьте на карте ещё %n угол.</numerusform>
            <numerusform>У зоны должно быть не меньше трёх углов; отметьте на карте ещё %n угла.</numerusform>
            <numerusform>У зоны должно быть не меньше трёх углов; отметьте на карте ещё %n углов.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="470"/>
        <source>Zone colour</source>
        <translation>Цвет зоны</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="492"/>
        <source>Only an administrator, a manager or a service head may change zones.</source>
        <translation>Изменять зоны может только администратор, менеджер или руководитель сервиса.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/zone_editor.py" line="494"/>
        <source>Click the corners of the new zone. Double-click or Enter closes the outline, Backspace removes the last corner, Esc cancels. %n corner(s) so far.</source>
        <translation>
            <numerusform>Щёлкайте по углам новой зоны. Двойной щелчок или Enter замыкает контур, Backspace удаляет последний угол, Esc отменяет. Пока отмечен %n угол.</numerusform>
            <numerusform>Щёлкайте по углам новой зоны. Двойной щелчок или Enter замыкает контур, Backspace удаляет последний угол, Esc отменяет. Пока отмечено %n угла.</numerusform>
            <numerusform>Щёлкайте по углам новой зоны. Двойной щелчок или Enter замыкает контур, Backspace удаляет последний угол, Esc отменяет. Пока отмечено %n углов.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="498"/>
        <source>Drag a corner to move it, double-click an edge to add one, right-click a corner to remove it. Zones may overlap.</source>
        <translation>Перетаскивайте угол, чтобы передвинуть его; двойной щелчок по стороне добавляет угол, правый щелчок по углу удаляет его. Зоны могут перекрываться.</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="501"/>
        <source>Click a zone to edit it, or press New zone and click its corners on the map.</source>
        <translation>Щёлкните по зоне, чтобы изменить её, или нажмите «Новая зона» и отметьте её углы на карте.</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="517"/>
        <source>Give the zone a name.</source>
        <translation>Укажите название зоны.</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="521"/>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="529"/>
        <source>Zone «%1» saved; new requests in it go to its dispatcher.</source>
        <translation>Зона «%1» сохранена; новые заявки из неё будут поступать её диспетчеру.</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="542"/>
        <source>Changes discarded.</source>
        <translation>Изменения отменены.</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="549"/>
        <source>Delete zone</source>
        <translation>Удалить зону</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="550"/>
        <source>Delete zone «%1»? Its technicians stay; they are only unbound from it.</source>
        <translation>Удалить зону «%1»? Её мастера останутся, они лишь будут отвязаны от неё.</translation>
    </message>
    <message>
        <location filename="../../ui/zone_editor.py" line="560"/>
        <source>Zone «%1» deleted.</source>
        <translation>Зона «%1» удалена.</translation>
    </message>
</context>
<context>
    <name>ZoneForm</name>
    <message>
        <location filename="../../ui/zone_form.py" line="41"/>
        <source>e.g. Centre</source>
        <translation>например, Центр</translation>
    </message>
    <message>
        <location filename="../../ui/zone_form.py" line="44"/>
        <source>New requests whose address lies in this zone go to this person.</source>
        <translation>Новые заявки с адресом в этой зоне поступают этому сотруднику.</translation>
    </message>
    <message>
        <location filename="../../ui/zone_form.py" line="46"/>
        <source>Technicians who work in this zone; one may work in several.</source>
        <translation>Мастера, которые работают в этой зоне; один мастер может работать в нескольких.</translation>
    </message>
    <message>
        <location filename="../../ui/zone_form.py" line="50"/>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <location filename="../../ui/zone_form.py" line="51"/>
        <source>Colour:</source>
        <translation>Цвет:</translation>
    </message>
    <message>
        <location filename="../../ui/zone_form.py" line="52"/>
        <source>Dispatcher:</source>
        <translation>Диспетчер:</translation>
    </message>
    <message>
        <location filename="../../ui/zone_form.py" line="56"/>
        <source>Technicians of the zone:</source>
        <translation>Мастера зоны:</translation>
    </message>
    <message>
        <location filename="../../ui/zone_form.py" line="62"/>
        <source>— nobody —</source>
        <translation>— никто —</translation>
    </message>
    <message>
        <location filename="../../ui/zone_form.py" line="64"/>
        <source> (manager)</source>
        <translation> (менеджер)</translation>
    </message>
    <message>
        <location filename="../../ui/zone_form.py" line="68"/>
        <source>%1 (left)</source>
        <translation>%1 (уволен)</translation>
    </message>
</context>
</TS>
